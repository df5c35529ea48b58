import type { Session } from 'electron';

/**
 * The renderer needs no browser permission: devices go through main's transports, not WebUSB,
 * WebHID or Web Serial; no camera, notifications, geolocation, clipboard or fullscreen. Chromium
 * asks in three ways — a request (what would be a prompt), a check (synchronous: the Permissions
 * API, device pickers, clipboard) and a device grant — and every one is answered no, so a page
 * that slipped in cannot learn or gain what the station's own page does not have.
 */
export function installPermissionPolicy(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
