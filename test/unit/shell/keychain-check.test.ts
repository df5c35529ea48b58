import { keychainProblem } from '../../../electron/main/keychain-check';

describe('keychain check before the desktop app keeps the document key', () => {
  it("refuses Linux's hard-coded-password backend, saying what to install and what to run instead", () => {
    const problem = keychainProblem({ platform: 'linux', available: true, linuxBackend: 'basic_text' });
    expect(problem).not.toBeNull();
    for (const words of ['gnome-keyring', 'kwallet', 'pos-station serve', 'basic_text', '浏览器版工作站'])
      expect(problem).toContain(words);
  });

  it('refuses Linux when the backend cannot be told or encryption is unavailable', () => {
    expect(keychainProblem({ platform: 'linux', available: true, linuxBackend: 'unknown' })).toContain(
      'gnome-keyring',
    );
    expect(keychainProblem({ platform: 'linux', available: true })).toContain('gnome-keyring');
    expect(
      keychainProblem({ platform: 'linux', available: false, linuxBackend: 'gnome_libsecret' }),
    ).toContain('gnome-keyring');
  });

  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])(
    'accepts a real Linux keyring: %s',
    (backend) => {
      expect(keychainProblem({ platform: 'linux', available: true, linuxBackend: backend })).toBeNull();
    },
  );

  it('accepts Keychain and DPAPI; refuses them only when unavailable', () => {
    expect(keychainProblem({ platform: 'darwin', available: true })).toBeNull();
    expect(keychainProblem({ platform: 'win32', available: true })).toBeNull();
    expect(keychainProblem({ platform: 'win32', available: false })).toContain('pos-station serve');
  });
});
