import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIRMWARE_EXIT, registerFirmwareCommands } from '../../../electron/cli/firmware';
import { parseImage, verifyImage } from '../../../native/firmware';
import { createPublicKey } from 'node:crypto';
import { capturedIo, type CapturedIo } from '../captured-io';

let dir: string;
let io: CapturedIo;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firmware-cli-'));
  io = capturedIo();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<void> {
  const program = new Command('pos-station')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerFirmwareCommands(program, io);
  await program.parseAsync(args, { from: 'user' });
}

/** `firmware sign` of the synthesized payload for model PS-M1. */
const sign = (version: string, securityCounter: string, key: string, out: string) =>
  run(
    'firmware',
    'sign',
    '--payload',
    join(dir, 'payload.bin'),
    '--version',
    version,
    '--security-counter',
    securityCounter,
    '--model',
    'PS-M1',
    '--key',
    key,
    '--out',
    out,
  );

async function signed(): Promise<{ image: string; pub: string; key: string }> {
  await run('firmware', 'keygen', '--out', join(dir, 'keys'));
  await run('firmware', 'synth', '--size', '20000', '--out', join(dir, 'payload.bin'));
  const image = join(dir, 'fw.img');
  const key = join(dir, 'keys', 'signer.key.pem');
  await sign('1.4.2+9', '3', key, image);
  io.stdout = '';
  return { image, pub: join(dir, 'keys', 'signer.pub.pem'), key };
}

describe('pos-station firmware', () => {
  it('keygen, synth, sign and inspect make an image that verifies under the new public key', async () => {
    const { image, pub, key } = await signed();
    expect(io.exitCode).toBeUndefined();
    expect(statSync(key).mode & 0o077).toBe(0);
    const bytes = new Uint8Array(readFileSync(image));
    expect(parseImage(bytes).header).toMatchObject({
      model: 'PS-M1',
      securityCounter: 3,
      payloadSize: 20000,
      version: { major: 1, minor: 4, patch: 2, build: 9 },
    });
    expect(verifyImage(bytes, [createPublicKey(readFileSync(pub, 'utf8'))]).ok).toBe(true);

    await run('firmware', 'inspect', image, '--trust', pub);
    expect(io.stdout).toContain('Version          1.4.2+9');
    expect(io.stdout).toContain('Check            OK: hash and signature verified');

    io.stdout = '';
    await run('firmware', 'inspect', image, '--json');
    expect(JSON.parse(io.stdout)).toMatchObject({
      model: 'PS-M1',
      version: '1.4.2+9',
      blockCount: 5,
      check: { ok: true, checked: 'hash only' },
    });
    expect(io.exitCode).toBeUndefined();
  });

  it('inspect refuses with exit 11: untrusted signer, wrong model, downgrade, altered payload', async () => {
    const { image, pub } = await signed();
    await run('firmware', 'keygen', '--out', join(dir, 'other'));
    io.stdout = '';
    await run('firmware', 'inspect', image, '--trust', join(dir, 'other', 'signer.pub.pem'), '--json');
    expect(JSON.parse(io.stdout).check).toMatchObject({ ok: false, code: 'unknown_signer' });
    expect(io.exitCode).toBe(FIRMWARE_EXIT.verificationFailed);

    for (const [flags, code] of [
      [['--model', 'PS-M2'], 'wrong_model'],
      [['--min-security-counter', '4'], 'downgrade'],
    ] as const) {
      io.stdout = '';
      io.exitCode = undefined;
      await run('firmware', 'inspect', image, '--trust', pub, ...flags, '--json');
      expect(JSON.parse(io.stdout).check.code).toBe(code);
      expect(io.exitCode).toBe(FIRMWARE_EXIT.verificationFailed);
    }

    const bytes = readFileSync(image);
    bytes[100]! ^= 1;
    writeFileSync(image, bytes);
    io.stdout = '';
    await run('firmware', 'inspect', image);
    expect(io.stdout).toMatch(/REFUSED \(bad_hash\)/);
  });

  it('exit 10 for a file that is not an image, 12 for unusable input', async () => {
    writeFileSync(join(dir, 'junk.img'), 'not firmware');
    await run('firmware', 'inspect', join(dir, 'junk.img'));
    expect(io.exitCode).toBe(FIRMWARE_EXIT.malformed);
    expect(io.stderr).toMatch(/bad magic/);

    const { key } = await signed();
    io.exitCode = undefined;
    await sign('1.x', '1', key, join(dir, 'x.img'));
    expect(io.exitCode).toBe(FIRMWARE_EXIT.badInput);
    expect(io.stderr).toMatch(/--version/);

    io.exitCode = undefined;
    await sign('1.0.0', '1', join(dir, 'keys', 'signer.pub.pem'), join(dir, 'x.img'));
    expect(io.exitCode).toBe(FIRMWARE_EXIT.badInput);

    io.exitCode = undefined;
    await run('firmware', 'keygen', '--out', join(dir, 'keys'));
    expect(io.exitCode).toBe(FIRMWARE_EXIT.badInput);
    expect(io.stderr).toMatch(/refusing to overwrite/);
  });

  it('the shipped demo image verifies under the shipped demo public key', async () => {
    const root = join(__dirname, '..', '..', '..', 'resources', 'firmware');
    await run(
      'firmware',
      'inspect',
      join(root, 'demo-PS-M1-1.0.0.img'),
      '--trust',
      join(root, 'keys', 'demo-signer.pub.pem'),
      '--model',
      'PS-M1',
      '--json',
    );
    expect(JSON.parse(io.stdout)).toMatchObject({
      model: 'PS-M1',
      version: '1.0.0',
      securityCounter: 1,
      payloadSize: 262144,
      check: { ok: true },
    });
    expect(io.exitCode).toBeUndefined();
  });
});
