/**
 * What Electron's safeStorage reports about the OS keychain, gathered by main (the only place that
 * may ask) so the verdict below is plain code a unit test can drive.
 */
export interface KeychainProbe {
  readonly platform: NodeJS.Platform;
  readonly available: boolean;
  /** Linux only: safeStorage.getSelectedStorageBackend(). */
  readonly linuxBackend?: string;
}

/** Thrown where the desktop app will not keep the document key; the message is for the operator. */
export class KeychainUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeychainUnavailableError';
  }
}

const RUN_INSTEAD_ZH =
  '或者改用浏览器版工作站（同样的界面和数据，只在本机 127.0.0.1 上提供）：pos-station serve';
const RUN_INSTEAD_EN =
  'or run the browser-hosted station instead (the same screens and data, served on 127.0.0.1 only): pos-station serve';

/**
 * Why the keychain cannot protect the document key, in Chinese and English (this is said before
 * any screen, so before the operator's language is known), or null when it can.
 *
 * On Linux without a secret service Chromium "encrypts" with a hard-coded password (the
 * 'basic_text' backend) and still reports encryption as available: a key wrapped that way is as
 * readable as a plain file while looking protected, so the app refuses rather than use it.
 */
export function keychainProblem(probe: KeychainProbe): string | null {
  if (probe.platform === 'linux') {
    const backend = probe.linuxBackend ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown' || !probe.available) {
      return [
        `这台电脑没有可用的系统密钥环（Electron 报告的存储后端：${backend}），桌面版不会用固定密码保管证件密钥。`,
        '请安装并解锁 gnome-keyring（GNOME 桌面：软件包 gnome-keyring 和 libsecret-1-0）或 KWallet（KDE 桌面：软件包 kwalletmanager），然后重新启动；',
        '已安装却未被识别时，可加参数 --password-store=gnome-libsecret（或 kwallet5 / kwallet6）启动；',
        `${RUN_INSTEAD_ZH}。`,
        '',
        `No system keyring is available on this computer (Electron's storage backend: ${backend}), so the desktop app will not keep the document key under a hard-coded password.`,
        'Install and unlock gnome-keyring (GNOME: packages gnome-keyring and libsecret-1-0) or KWallet (KDE: package kwalletmanager), then start again;',
        'if one is installed but not detected, start with --password-store=gnome-libsecret (or kwallet5 / kwallet6);',
        `${RUN_INSTEAD_EN}.`,
      ].join('\n');
    }
    return null;
  }
  if (!probe.available) {
    return [
      `系统钥匙串不可用（${probe.platform}），桌面版无法保管证件密钥。请登录当前系统账户后重新启动，${RUN_INSTEAD_ZH}。`,
      '',
      `The system keychain is not available (${probe.platform}), so the desktop app cannot keep the document key. Sign in to this system account and start again, ${RUN_INSTEAD_EN}.`,
    ].join('\n');
  }
  return null;
}
