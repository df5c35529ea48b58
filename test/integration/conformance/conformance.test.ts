import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerConformanceCommands } from '../../../electron/cli/conformance';
import { reportKeyFile } from '../../../electron/cli/conformance-report';
import { CLAUSE_IDS } from '../../../native/conformance';
import { BREAK_FLAGS, type BreakFlag } from '../../../native/simulator/break-flags';
import { prepareFleet, type Fleet } from '../../../native/simulator/fleet';
import { makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';

/**
 * Two groups of break flags, each over one simulator start: within a group the flags break disjoint
 * clauses and do not mask one another (no-dup-replay and reused-nonce are apart: a unit that reuses
 * its nonce answers a re-executed ATTEST with the same bytes).
 */
const GROUPS: readonly (readonly BreakFlag[])[] = [
  [
    'answer-bad-crc',
    'answer-overlong',
    'unknown-type-as-bad-payload',
    'hello-window-ignored',
    'no-dup-replay',
    'bind-unmasked-card',
    'counters-missing',
    'slow-hello',
  ],
  [
    'no-resync',
    'bad-payload-wrong-code',
    'identity-bad-imei',
    'reused-nonce',
    'bad-attest-signature',
    'selftest-false-rollback',
    'logs-ignore-from',
  ],
];

/**
 * The firmware and freeze clauses' flags, over one simulator start given an image, the signer and the
 * registry key: each breaks a rule only its own clause exercises (the full flashes send raw 1,024-byte
 * units, so no other clause meets a dictionary, a window of small units, a retransmission or a misfit).
 */
const FIRMWARE_GROUP: readonly BreakFlag[] = [
  'fw-window-overrun',
  'fw-ack-per-unit',
  'fw-resume-forgets',
  'fw-deflate-no-dictionary',
  'fw-status-no-rewind',
  'fw-accept-corrupt-block',
  'fw-downgrade-accepted',
  'fw-confirm-ignored',
  'freeze-lost-on-reboot',
];

const FIRMWARE_CLAUSE_IDS = CLAUSE_IDS.filter(
  (id) => id.startsWith('firmware.') || id === 'freeze.persistence',
);

interface Report {
  terminal: { serial: string };
  end: { asFound: boolean; activeSlot: string; bootState: string; frozen: boolean };
  clauses: {
    id: string;
    section: string;
    result: string;
    reason?: string;
    evidence: { sentHex: string; receivedHex: string }[];
  }[];
}

/** What "as it came" means for the flash: the slot booted, its boot state and image, the counter, the freeze. */
function bootPicture(stateDir: string) {
  const state = JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')) as {
    activeSlot: 'A' | 'B';
    bootState: string;
    securityCounter: number;
    frozen: boolean;
    slots: Record<'A' | 'B', { status: string; manifestHex: string }>;
  };
  return {
    activeSlot: state.activeSlot,
    bootState: state.bootState,
    securityCounter: state.securityCounter,
    frozen: state.frozen,
    active: state.slots[state.activeSlot],
  };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  return {
    out,
    err,
    code: () => code,
    io: {
      out: (t: string) => out.push(t),
      err: (t: string) => err.push(t),
      setExitCode: (c: number) => (code = c),
    },
  };
}

describe('pos-station conformance', () => {
  let fleet: Fleet;
  const units: PtyUnit[] = [];

  beforeAll(async () => {
    fleet = await makeFleet(3);
  });
  afterAll(async () => {
    await Promise.all(units.map((u) => u.close()));
  });

  it('every break flag is in a group, and each breaks its own clause', () => {
    expect([...GROUPS.flat(), ...FIRMWARE_GROUP].sort()).toEqual(Object.keys(BREAK_FLAGS).sort());
    const clauses = Object.values(BREAK_FLAGS);
    expect(new Set(clauses).size).toBe(clauses.length);
    for (const id of clauses) expect(CLAUSE_IDS).toContain(id);
  });

  it('passes against the healthy simulator; the CLI signs the report, verify accepts it and refuses an edited copy', async () => {
    const unit = await startPtyUnit(fleet, fleet.units[0]!);
    units.push(unit);
    const dataDir = mkdtempSync(join(tmpdir(), 'pos-conf-data-'));
    const reportFile = join(dataDir, 'report.json');
    const { io, out, err, code } = capture();
    const program = new Command('pos-station').option('--data-dir <dir>').exitOverride();
    registerConformanceCommands(program, '9.9.9', io);
    await program.parseAsync(
      ['--data-dir', dataDir, 'conformance', '--port', unit.pty.stationPath, '--report', reportFile],
      {
        from: 'user',
      },
    );
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      terminal: { serial: string };
      clauses: { id: string; section: string; result: string; reason?: string }[];
    };
    const failed = report.clauses.filter((c) => c.result === 'fail');
    expect(failed, JSON.stringify(failed)).toEqual([]);
    expect(code()).toBe(0);
    expect(report.terminal.serial).toBe(fleet.units[0]!.serial);
    expect(report.clauses.map((c) => c.id)).toEqual(CLAUSE_IDS);
    // Without --image, --signing-key and --registry-key those clauses say what they need.
    for (const id of FIRMWARE_CLAUSE_IDS)
      expect(report.clauses.find((c) => c.id === id)).toMatchObject({
        result: 'not_run',
        reason: expect.stringMatching(/needs --(image|signing-key|registry-key) FILE/),
      });
    expect(report.clauses.filter((c) => c.result === 'pass').length).toBe(15);
    expect(out.join('')).toMatch(/✓ §1\.2 +framing\.bad-crc-silent/);
    expect(err.join('')).toBe('');
    expect(statSync(reportKeyFile(dataDir)).mode & 0o777).toBe(0o600);

    const verify = capture();
    const vprog = new Command('pos-station').exitOverride();
    registerConformanceCommands(vprog, '9.9.9', verify.io);
    await vprog.parseAsync(['conformance', 'verify', reportFile], { from: 'user' });
    expect(verify.code()).toBe(0);

    const edited = join(dataDir, 'edited.json');
    writeFileSync(
      edited,
      readFileSync(reportFile, 'utf8')
        .replace('"result": "fail"', '"result": "pass"')
        .replace(/"serial": "[^"]+"/, '"serial": "SP200-FORGED"'),
    );
    const refused = capture();
    const rprog = new Command('pos-station').exitOverride();
    registerConformanceCommands(rprog, '9.9.9', refused.io);
    await rprog.parseAsync(['conformance', 'verify', edited], { from: 'user' });
    expect(refused.code()).toBe(1);
    expect(refused.err.join('')).toMatch(/does not verify/);
  });

  it.each(GROUPS.map((g, i) => [i + 1, g] as const))(
    'break group %i: the run fails exactly the clauses the flags break, with evidence; exit 50',
    async (index, flags) => {
      const unit = await startPtyUnit(fleet, fleet.units[index]!, ['--break', flags.join(',')]);
      units.push(unit);
      const { io, out, code } = capture();
      const program = new Command('pos-station').option('--data-dir <dir>').exitOverride();
      registerConformanceCommands(program, '9.9.9', io);
      const dataDir = mkdtempSync(join(tmpdir(), 'pos-conf-data-'));
      await program.parseAsync(
        ['--data-dir', dataDir, 'conformance', '--port', unit.pty.stationPath, '--json'],
        {
          from: 'user',
        },
      );
      const report = JSON.parse(out.join('')) as {
        clauses: { id: string; result: string; evidence: { sentHex: string; receivedHex: string }[] }[];
      };
      const failed = report.clauses.filter((c) => c.result === 'fail');
      expect(failed.map((c) => c.id).sort(), JSON.stringify(failed)).toEqual(
        flags.map((f) => BREAK_FLAGS[f]).sort(),
      );
      for (const c of failed) {
        expect(c.evidence.length).toBeGreaterThan(0);
        expect(c.evidence[0]!.sentHex).toMatch(/^[0-9a-f]+$/);
      }
      expect(code()).toBe(50);
    },
  );

  describe('with an image, the signer and the registry key', () => {
    let small: Fleet;
    let registryKeyFile: string;
    let registryPublicFile: string;

    beforeAll(async () => {
      // A 48 KiB factory image (12 blocks): the test boot's full flash takes seconds at 115,200 baud.
      small = await prepareFleet({
        dir: mkdtempSync(join(tmpdir(), 'pos-fleet-fw-')),
        count: 3,
        factoryPayloadSize: 48 * 1024,
      });
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      registryKeyFile = join(small.dir, 'registry.key.pem');
      registryPublicFile = join(small.dir, 'registry.pub.pem');
      writeFileSync(registryKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(registryPublicFile, publicKey.export({ type: 'spki', format: 'pem' }));
    });

    async function run(unitIndex: number, breaks: readonly BreakFlag[]) {
      const unit = small.units[unitIndex]!;
      const started = await startPtyUnit(small, unit, [
        '--registry-key',
        registryPublicFile,
        ...(breaks.length ? ['--break', breaks.join(',')] : []),
      ]);
      units.push(started);
      const before = bootPicture(unit.stateDir);
      const { io, out, err, code } = capture();
      const program = new Command('pos-station').option('--data-dir <dir>').exitOverride();
      registerConformanceCommands(program, '9.9.9', io);
      const dataDir = mkdtempSync(join(tmpdir(), 'pos-conf-data-'));
      await program.parseAsync(
        [
          '--data-dir',
          dataDir,
          'conformance',
          '--port',
          started.pty.stationPath,
          '--image',
          small.factoryImageFile,
          '--signing-key',
          small.firmwareKeyFile,
          '--registry-key',
          registryKeyFile,
          '--json',
        ],
        { from: 'user' },
      );
      return { report: JSON.parse(out.join('')) as Report, err: err.join(''), code: code(), before, unit };
    }

    it('every firmware and freeze clause passes against the healthy simulator, which ends on the slot, image and boot state it started with', async () => {
      const { report, code, before, unit, err } = await run(0, []);
      const failed = report.clauses.filter((c) => c.result !== 'pass' && c.id !== 'logs.wrap');
      expect(failed, JSON.stringify(failed, null, 1)).toEqual([]);
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(report.end).toMatchObject({ asFound: true, bootState: 'confirmed', frozen: false });
      expect(bootPicture(unit.stateDir)).toEqual(before);
      expect(before).toMatchObject({ bootState: 'confirmed', frozen: false });
    }, 240_000);

    it('firmware group: the run fails exactly the clauses the flags break, with the bytes, and still leaves the unit as it came', async () => {
      const { report, code, before, unit } = await run(1, FIRMWARE_GROUP);
      const failed = report.clauses.filter((c) => c.result === 'fail');
      expect(failed.map((c) => c.id).sort(), JSON.stringify(failed.map((c) => [c.id, c.reason]))).toEqual(
        FIRMWARE_GROUP.map((f) => BREAK_FLAGS[f]).sort(),
      );
      for (const c of failed) {
        expect(c.evidence.length).toBeGreaterThan(0);
        expect(c.evidence.some((e) => /^[0-9a-f]+$/.test(e.sentHex) && e.receivedHex !== '')).toBe(true);
      }
      expect(code).toBe(50);
      expect(report.end).toMatchObject({ asFound: true, bootState: 'confirmed', frozen: false });
      expect(bootPicture(unit.stateDir)).toEqual(before);
    }, 240_000);

    it('a unit that refuses tokens from the given registry key is never frozen: freeze.persistence not_run, saying so', async () => {
      const unit = small.units[2]!;
      // No --registry-key on the unit: it trusts no registry key, so no token can lift a freeze.
      const started = await startPtyUnit(small, unit);
      units.push(started);
      const { io, out, code } = capture();
      const program = new Command('pos-station').option('--data-dir <dir>').exitOverride();
      registerConformanceCommands(program, '9.9.9', io);
      await program.parseAsync(
        [
          '--data-dir',
          mkdtempSync(join(tmpdir(), 'pos-conf-data-')),
          'conformance',
          '--port',
          started.pty.stationPath,
          '--registry-key',
          registryKeyFile,
          '--only',
          'freeze.persistence',
          '--json',
        ],
        { from: 'user' },
      );
      const report = JSON.parse(out.join('')) as Report;
      expect(report.clauses).toEqual([
        expect.objectContaining({
          id: 'freeze.persistence',
          result: 'not_run',
          reason: expect.stringMatching(
            /refuses tokens signed by --registry-key .*bad_signature.*it was not frozen/,
          ),
        }),
      ]);
      expect(code()).toBe(0);
      expect(bootPicture(unit.stateDir).frozen).toBe(false);
      expect(report.end).toMatchObject({ asFound: true, frozen: false });
    });

    it('an --image that is not an image is bad input, named, before the port is touched', async () => {
      const junk = join(small.dir, 'junk.img');
      writeFileSync(junk, 'not an image');
      const { io, err, code } = capture();
      const program = new Command('pos-station').option('--data-dir <dir>').exitOverride();
      registerConformanceCommands(program, '9.9.9', io);
      await program.parseAsync(['conformance', '--port', '/dev/null', '--image', junk], { from: 'user' });
      expect(code()).toBe(44);
      expect(err.join('')).toMatch(/^--image .*junk\.img: not a firmware image/);
    });

    it('a signing key that did not sign the image is bad input, named, before the port is touched', async () => {
      const other = join(small.dir, 'other-signer.pem');
      writeFileSync(
        other,
        generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
      );
      const { io, err, code } = capture();
      const program = new Command('pos-station').option('--data-dir <dir>').exitOverride();
      registerConformanceCommands(program, '9.9.9', io);
      await program.parseAsync(
        ['conformance', '--port', '/dev/null', '--image', small.factoryImageFile, '--signing-key', other],
        { from: 'user' },
      );
      expect(code()).toBe(44);
      expect(err.join('')).toMatch(/--signing-key: key [0-9a-f]+… did not sign --image/);
    });
  });

  it('a port that does not exist exits 44 and sends nothing', async () => {
    const { io, err, code } = capture();
    const program = new Command('pos-station').option('--data-dir <dir>').exitOverride();
    registerConformanceCommands(program, '9.9.9', io);
    await program.parseAsync(['conformance', '--port', '/dev/does-not-exist-conf'], { from: 'user' });
    expect(code()).toBe(44);
    expect(err.join('')).toMatch(/PORT_NOT_FOUND/);
  });

  it('an unknown --only clause id exits 44 naming it', async () => {
    const { io, err, code } = capture();
    const program = new Command('pos-station').option('--data-dir <dir>').exitOverride();
    registerConformanceCommands(program, '9.9.9', io);
    await program.parseAsync(
      ['conformance', '--port', '/dev/null', '--only', 'framing.bad-crc-silent,no.such'],
      {
        from: 'user',
      },
    );
    expect(code()).toBe(44);
    expect(err.join('')).toMatch(/--only: no\.such is not a clause id/);
  });
});
