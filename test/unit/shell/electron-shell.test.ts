import { EventEmitter } from 'node:events';
import { windowOptions } from '../../../electron/main/window-options';
import { installNavigationPolicy } from '../../../electron/main/navigation-policy';
import { isTrustedSender } from '../../../electron/main/sender-check';
import { APP_ENTRY, APP_RESPONSE_HEADERS, isAppUrl } from '../../../electron/main/app-protocol';
import { RENDERER_CSP } from '../../../electron/contract/csp';

// These modules take Electron types only; the binary is never needed to test the policies.
vi.mock('electron', () => ({}));

describe('window web preferences', () => {
  const prefs = windowOptions('/app/preload.js').webPreferences!;
  it('isolates and sandboxes the renderer with no Node', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.js',
    });
  });
});

describe('content security policy', () => {
  it('allows scripts only from the app itself and nothing from elsewhere', () => {
    const directives = Object.fromEntries(
      RENDERER_CSP.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(RENDERER_CSP).not.toMatch(/unsafe-eval/);
    expect(directives['script-src']).not.toContain("'unsafe-inline'");
    expect(APP_RESPONSE_HEADERS['Content-Security-Policy']).toBe(RENDERER_CSP);
  });
});

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

function navigate(contents: FakeContents, event: string, url: string): boolean {
  let prevented = false;
  contents.emit(event, { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

describe('navigation and window-open policy', () => {
  const contents = new FakeContents();
  installNavigationPolicy(contents as never);

  it('keeps the window on the app', () => {
    expect(navigate(contents, 'will-navigate', APP_ENTRY)).toBe(false);
    expect(navigate(contents, 'will-navigate', 'https://example.com/')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(contents, 'will-redirect', 'http://127.0.0.1:9/')).toBe(true);
  });

  it('denies every new window and webview', () => {
    expect(contents.openHandler?.({ url: APP_ENTRY })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(navigate(contents, 'will-attach-webview', '')).toBe(true);
  });
});

describe('IPC sender check', () => {
  const ours = new Set([7]);
  const top = { url: APP_ENTRY, parent: null };
  it('accepts only the top frame of our window on our origin', () => {
    expect(isTrustedSender(top as never, 7, ours)).toBe(true);
    expect(isTrustedSender(top as never, 8, ours)).toBe(false);
    expect(isTrustedSender({ url: APP_ENTRY, parent: top } as never, 7, ours)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null } as never, 7, ours)).toBe(false);
    expect(isTrustedSender({ url: 'app://other/index.html', parent: null } as never, 7, ours)).toBe(false);
    expect(isTrustedSender(null, 7, ours)).toBe(false);
  });

  it('recognises the app origin exactly', () => {
    expect(isAppUrl('app://station/index.html#/fees')).toBe(true);
    expect(isAppUrl('app://station.evil/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
