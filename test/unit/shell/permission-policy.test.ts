import { installPermissionPolicy } from '../../../electron/main/permission-policy';

/** Records the handlers main installs on the session, as Electron would hold them. */
function fakeSession() {
  const installed: {
    request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
    check?: (...args: unknown[]) => boolean;
    device?: (...args: unknown[]) => boolean;
  } = {};
  const session = {
    setPermissionRequestHandler: (h: typeof installed.request) => void (installed.request = h),
    setPermissionCheckHandler: (h: typeof installed.check) => void (installed.check = h),
    setDevicePermissionHandler: (h: typeof installed.device) => void (installed.device = h),
  };
  installPermissionPolicy(session as never);
  return installed;
}

const PERMISSIONS = ['media', 'geolocation', 'notifications', 'clipboard-read', 'usb', 'serial', 'hid'];

describe('browser permissions in the desktop window', () => {
  it('answers every request no', () => {
    const { request } = fakeSession();
    for (const permission of PERMISSIONS) {
      const answers: boolean[] = [];
      request!(null, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
    }
  });

  it('answers every check no, even from our own page (a check is how a page learns what it may do)', () => {
    const { check } = fakeSession();
    for (const permission of PERMISSIONS)
      expect(check!(null, permission, 'app://station', { requestingUrl: 'app://station/index.html' })).toBe(
        false,
      );
  });

  it('grants no USB, HID or serial device to the page: devices belong to main', () => {
    const { device } = fakeSession();
    for (const deviceType of ['usb', 'hid', 'serial'])
      expect(device!({ deviceType, origin: 'app://station', device: {} })).toBe(false);
  });
});
