import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..', '..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const targets = (platform: string) =>
  ((config[platform] as { target: (string | { target: string })[] }).target ?? []).map((t) =>
    typeof t === 'string' ? t : t.target,
  );

// electron-builder itself cannot run here (no Electron zip offline); this checks what it would be given.
describe('electron-builder.yml', () => {
  it('targets Linux AppImage and deb, Windows nsis, macOS dmg', () => {
    expect(targets('linux')).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('mac')).toEqual(['dmg']);
  });

  it('unpacks every native module from the asar', () => {
    const unpack = config.asarUnpack as string[];
    for (const native of ['better-sqlite3', '@serialport/bindings-cpp', 'usb']) {
      expect(unpack.some((p) => p.includes(native))).toBe(true);
    }
    expect(config.asar).toBe(true);
  });

  it('ships every resources folder the station reads as extraResources, from folders that exist', () => {
    const extra = config.extraResources as { from: string; to: string }[];
    // resources/build is electron-builder's own (icons, install scripts), not read at run time.
    const read = readdirSync(join(root, 'resources'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'build')
      .map((d) => d.name);
    expect(extra.map((e) => e.to).sort()).toEqual(read.sort());
    for (const e of extra) {
      expect(existsSync(join(root, e.from)), e.from).toBe(true);
      expect(e.from, e.to).toBe(`resources/${e.to}`);
    }
  });

  it('packages the built output, not the sources', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect((config.directories as { output: string }).output).toBe('dist');
  });
});

describe('electron-builder.yml fuses', () => {
  it('flips the hardening fuses under the key electron-builder 26 reads', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
  });

  it("names only options in electron-builder's own schema", () => {
    // A misspelt key would be dropped silently by a lenient reader; the schema is what it validates.
    const schema = JSON.parse(
      readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'),
    ) as { properties: Record<string, unknown>; definitions: Record<string, { properties: object }> };
    expect(Object.keys(schema.properties)).toContain('electronFuses');
    const known = Object.keys(schema.definitions.FuseOptionsV1!.properties);
    expect(known).toEqual(expect.arrayContaining(Object.keys(config.electronFuses as object)));
  });
});
