import { DeviceError } from '../client/device-error';
import { isHeld, sendManifestAndBegin } from '../client/flash-transfer';
import { buildImage } from '../firmware/build-image';
import type { FirmwareImage } from '../firmware/image-format';
import { parseImage } from '../firmware/parse-image';
import { decodeBlock, dictionaryRange, encodeBlock } from '../protocol/block-encoding';
import { decodeMessage } from '../protocol/codec';
import { MessageType } from '../protocol/message-types';
import type { FwAck, FwBlock, FwReady, IdentityInfo, Message } from '../protocol/messages';
import {
  errorCheck,
  fail,
  firstProblem,
  notRun,
  pass,
  type Clause,
  type ClauseContext,
  type Verdict,
} from './clause';
import { frameOf, hex, wireOf } from './probe';

/** After the last byte of a unit has crossed the line: §10's 1,000 ms request timeout, doubled for a busy host. */
const ANSWER_WAIT_MS = 2000;
/** FW_END hashes the whole slot (§10's done timeout is the station's; a conformance run waits long). */
const END_WAIT_MS = 30_000;

type Identity = Omit<IdentityInfo, 'kind'>;

/** How long to wait for the answers to `bytes` of frames: the line time (8N1, SLIP at worst doubling) and ANSWER_WAIT_MS. */
function waitMs(ctx: ClauseContext, bytes: number): number {
  const baud = ctx.probe.transport.baud;
  return ANSWER_WAIT_MS + (baud ? Math.ceil((2 * bytes * 10 * 1000) / baud) : 0);
}

/** The image the firmware clauses send, or why they cannot run. */
function imageFor(ctx: ClauseContext): FirmwareImage | Verdict {
  const image = ctx.material.image;
  if (!image)
    return notRun(
      'needs --image FILE: a signed image the unit accepts (normally the one it runs); the run ends with the unit on it, confirmed',
    );
  if (image.header.model !== ctx.identity.model)
    return notRun(`--image is for model ${image.header.model}, the unit is a ${ctx.identity.model}`);
  if (ctx.identity.bootState !== 'confirmed')
    return notRun(`the unit came in boot state ${ctx.identity.bootState}: confirm or roll it back first`);
  return image;
}

const isVerdict = (x: FirmwareImage | Verdict): x is Verdict => 'result' in x;

/** HELLO and FW_MANIFEST/FW_BEGIN through the station's own client: a transfer waiting at xfer 0. */
function openTransfer(ctx: ClauseContext, image: FirmwareImage): Promise<{ ready: FwReady; window: number }> {
  return ctx.probe.traffic(async () => {
    const negotiated = await ctx.client.hello();
    const ready = await sendManifestAndBegin(ctx.client.link, negotiated, image);
    return { ready, window: negotiated.window };
  });
}

/** Block `index` as FW_BLOCK units from `xfer` on: its encoded bytes cut into `pieces`. */
function unitsOf(
  image: FirmwareImage,
  index: number,
  xfer: number,
  options: { pieces?: number; compress?: boolean; corrupt?: boolean } = {},
): FwBlock[] {
  const block = encodeBlock(image.payload, index, image.header.blockSize, options.compress ?? false);
  const data = Uint8Array.from(block.data);
  if (options.corrupt) data[data.length >> 1]! ^= 0xff;
  const size = Math.ceil(data.length / Math.min(data.length, options.pieces ?? 1));
  const units: FwBlock[] = [];
  for (let offset = 0; offset < data.length; offset += size) {
    units.push({
      kind: 'fwBlock',
      xfer: xfer + units.length,
      blockIndex: index,
      offset,
      encoding: block.encoding,
      encodedSize: data.length,
      data: data.subarray(offset, offset + size),
    });
  }
  return units;
}

function describe(answer: Message | undefined): string {
  if (!answer) return 'nothing';
  return answer.kind === 'error' ? `ERROR 0x${answer.code.toString(16).padStart(4, '0')}` : answer.kind;
}

/** One unit, its FW_ACK or why there was none. */
async function sendUnit(ctx: ClauseContext, unit: FwBlock): Promise<FwAck | string> {
  const { answer } = await ctx.probe.request(unit, { waitMs: waitMs(ctx, unit.data.length + 64) });
  return answer?.kind === 'fwAck'
    ? answer
    : `answered ${describe(answer)} to FW_BLOCK xfer ${unit.xfer} (block ${unit.blockIndex})`;
}

/** Why `ack` is not status `status` with `nextXfer`, or undefined. */
function ackCheck(
  what: string,
  ack: FwAck | string,
  status: FwAck['status'],
  nextXfer: number,
  blockIndex?: number,
): string | undefined {
  if (typeof ack === 'string') return `${what}: ${ack}`;
  if (ack.status !== status || ack.nextXfer !== nextXfer)
    return `${what}: FW_ACK status ${ack.status}, nextXfer ${ack.nextXfer} (expected ${status}, ${nextXfer})`;
  if (blockIndex !== undefined && ack.blockIndex !== blockIndex)
    return `${what}: FW_ACK blockIndex ${ack.blockIndex}, expected ${blockIndex} (copied from the frame)`;
  return undefined;
}

async function identityNow(ctx: ClauseContext): Promise<Identity | string> {
  const { answer } = await ctx.probe.request({ kind: 'identity' });
  if (answer?.kind !== 'identityInfo') return `answered ${describe(answer)} to IDENTITY`;
  const { kind: _kind, ...identity } = answer;
  return identity;
}

/** Why the unit is not in `bootState` on `slot`, or undefined. */
async function stateCheck(
  ctx: ClauseContext,
  when: string,
  bootState: Identity['bootState'],
  slot: Identity['activeSlot'],
): Promise<string | undefined> {
  const id = await identityNow(ctx);
  if (typeof id === 'string') return `${when}: ${id}`;
  return id.bootState === bootState && id.activeSlot === slot
    ? undefined
    : `${when}: IDENTITY says ${id.bootState} on slot ${id.activeSlot}, expected ${bootState} on slot ${slot}`;
}

/**
 * §6.6 and §7 with the station's own flash, reboot, self-test, confirm and rollback: the image into
 * the other slot, test boot, rollback; again (resumed by content), test boot, self-test, confirm; and
 * back into the slot the unit came on, confirmed, so it ends as it came (on the given image).
 */
async function testBoot(ctx: ClauseContext, image: FirmwareImage): Promise<Verdict> {
  const home = ctx.identity.activeSlot;
  const { client, probe } = ctx;
  const flash = () =>
    probe.traffic(async () => {
      await client.hello();
      return client.flash(image, { compress: false });
    });
  const confirmOn = async (slot: typeof home): Promise<string | undefined> => {
    await probe.traffic(() => client.reboot());
    const booted = await stateCheck(ctx, `after REBOOT with slot ${slot} pending`, 'test_boot', slot);
    if (booted) return booted;
    const report = await probe.traffic(() => client.selfTest());
    const failed = report.results.filter((r) => r.result === 'fail').map((r) => r.component);
    if (failed.length > 0 || report.rolledBack)
      return `the self-test in the test boot failed (${failed.join(', ')}): the image cannot be confirmed`;
    await probe.traffic(() => client.confirm());
    return stateCheck(ctx, 'after CONFIRM', 'confirmed', slot);
  };

  const first = await flash();
  if (first.slot === home) return fail(`FW_DONE names slot ${first.slot}, the running slot`);
  const away = first.slot;
  await probe.traffic(() => client.reboot());
  const tested = await stateCheck(ctx, 'after REBOOT with a pending slot', 'test_boot', away);
  if (tested) return fail(tested);
  await probe.traffic(() => client.rollback());
  const rolledBack = await stateCheck(ctx, 'after ROLLBACK', 'confirmed', home);
  if (rolledBack) return fail(rolledBack);

  const second = await flash();
  if (second.slot !== away) return fail(`FW_DONE names slot ${second.slot}, expected ${away}`);
  const confirmed = await confirmOn(away);
  if (confirmed) return fail(confirmed);

  const back = await flash();
  if (back.slot !== home) return fail(`FW_DONE names slot ${back.slot}, expected ${home}`);
  const restored = await confirmOn(home);
  return restored ? fail(restored) : pass;
}

/** §6.2 step 4: an image signed by the unit's signer, one security counter below the unit's. */
async function antiDowngrade(ctx: ClauseContext): Promise<Verdict> {
  const key = ctx.material.signingKey;
  if (!key)
    return notRun(
      "needs --signing-key FILE: the firmware signer the unit trusts, to make an image older than the unit's",
    );
  const { securityCounter, model, activeSlot, bootState } = ctx.identity;
  if (bootState !== 'confirmed') return notRun(`the unit came in boot state ${bootState}`);
  if (securityCounter === 0) return notRun("the unit's security counter is 0: no image is older");
  const older = parseImage(
    buildImage(
      {
        payload: new Uint8Array(256).fill(0x5a),
        version: '0.0.1',
        securityCounter: securityCounter - 1,
        model,
      },
      key,
    ),
  );
  let refusal: DeviceError | undefined;
  try {
    await openTransfer(ctx, older);
  } catch (error) {
    if (!(error instanceof DeviceError)) throw error;
    refusal = error;
  }
  return firstProblem([
    !refusal &&
      `FW_BEGIN accepted an image with security counter ${securityCounter - 1}, below the unit's ${securityCounter}`,
    refusal &&
      refusal.code !== 'IMAGE_DOWNGRADE' &&
      `FW_BEGIN refused the older image with ${refusal.code}, expected IMAGE_DOWNGRADE (is --signing-key the unit's signer?)`,
    await stateCheck(ctx, 'after the refused FW_BEGIN', 'confirmed', activeSlot),
  ]);
}

/** A clause over one fresh transfer of the given image. */
function transferClause(
  id: string,
  section: string,
  title: string,
  check: (ctx: ClauseContext, image: FirmwareImage) => Promise<Verdict>,
): Clause {
  return {
    id,
    section,
    title,
    run: (ctx) => {
      const image = imageFor(ctx);
      return isVerdict(image) ? Promise.resolve(image) : check(ctx, image);
    },
  };
}

export const FIRMWARE_CLAUSES: readonly Clause[] = [
  transferClause(
    'firmware.window',
    '§3, §6.4',
    'A full window (HELLO_ACK.window) of units sent back to back is taken, each acknowledged in order',
    async (ctx, image) => {
      const { window } = await openTransfer(ctx, image);
      const units = unitsOf(image, 0, 0, { pieces: window });
      const seqs = units.map(() => ctx.probe.nextSeq());
      const wire = Buffer.concat(units.map((u, i) => wireOf(frameOf(u, seqs[i]!))));
      const r = await ctx.probe.exchange(wire, waitMs(ctx, wire.length), seqs[seqs.length - 1]);
      return firstProblem(
        seqs.map((seq, i) => {
          const frame = r.frames.find((f) => f.seq === seq);
          const decoded = frame ? decodeMessage(frame.type, frame.payload) : undefined;
          const ack = decoded?.ok && decoded.message.kind === 'fwAck' ? decoded.message : 'no FW_ACK';
          return ackCheck(
            `unit ${i + 1} of a window of ${units.length} sent back to back`,
            ack,
            'ok',
            i + 1,
            0,
          );
        }),
      );
    },
  ),
  transferClause(
    'firmware.cumulative-ack',
    '§6.4',
    'FW_ACK is cumulative: a unit ahead is answered out of order, a retransmission with the current nextXfer',
    async (ctx, image) => {
      if (image.manifest.blockSha256.length < 2) return notRun('the image has one block');
      await openTransfer(ctx, image);
      const [b0] = unitsOf(image, 0, 0);
      const [b1] = unitsOf(image, 1, 1);
      return firstProblem([
        ackCheck('unit 1 before unit 0', await sendUnit(ctx, b1!), 'out_of_order', 0, 1),
        ackCheck('unit 0', await sendUnit(ctx, b0!), 'ok', 1, 0),
        ackCheck('unit 0 again', await sendUnit(ctx, b0!), 'ok', 1, 0),
        ackCheck('unit 1', await sendUnit(ctx, b1!), 'ok', 2, 1),
        ackCheck('unit 0 again after unit 1', await sendUnit(ctx, b0!), 'ok', 2, 0),
      ]);
    },
  ),
  transferClause(
    'firmware.resume',
    '§6.3',
    'FW_READY says by content which blocks the target slot holds: a block written is held at the next FW_BEGIN',
    async (ctx, image) => {
      const blocks = image.manifest.blockSha256.length;
      const { ready } = await openTransfer(ctx, image);
      const shape = firstProblem([
        ready.targetSlot === ctx.identity.activeSlot &&
          `FW_READY targets the running slot ${ready.targetSlot}`,
        ready.blockSize !== image.header.blockSize &&
          `FW_READY blockSize ${ready.blockSize}, the image's is ${image.header.blockSize}`,
        ready.blockCount !== blocks && `FW_READY blockCount ${ready.blockCount}, the image has ${blocks}`,
        ready.held.length !== Math.ceil(blocks / 8) &&
          `FW_READY held is ${ready.held.length} bytes, expected ${Math.ceil(blocks / 8)}`,
      ]);
      if (shape.result !== 'pass') return shape;
      let index = 0;
      while (index < blocks && isHeld(ready, index)) index++;
      const expected = Uint8Array.from(ready.held);
      if (index < blocks) {
        const written = ackCheck(
          `block ${index}`,
          await sendUnit(ctx, unitsOf(image, index, 0)[0]!),
          'ok',
          1,
        );
        if (written) return fail(written);
        expected[index >> 3]! |= 1 << (index & 7);
      }
      const again = await openTransfer(ctx, image);
      return hex(again.ready.held) === hex(expected)
        ? pass
        : fail(
            `FW_READY held ${hex(again.ready.held)} after block ${index} was written, expected ${hex(expected)}`,
          );
    },
  ),
  transferClause(
    'firmware.compression',
    '§6.4',
    'A deflate-raw block whose back-references reach into the preceding payload (its dictionary) is taken',
    async (ctx, image) => {
      const { blockSize } = image.header;
      const blocks = image.manifest.blockSha256.length;
      let chosen: number | undefined;
      for (let k = 1; k < blocks && chosen === undefined; k++) {
        const block = encodeBlock(image.payload, k, blockSize, true);
        const raw = image.payload.subarray(
          k * blockSize,
          Math.min(image.payload.length, (k + 1) * blockSize),
        );
        const alone = decodeBlock(block, new Uint8Array(0), raw.length);
        // A block that decodes without its dictionary would not show a unit ignoring it.
        if (block.encoding === 'deflate-raw' && (!alone || hex(alone) !== hex(raw))) chosen = k;
      }
      if (chosen === undefined)
        return notRun('no block of the image deflates with back-references into its dictionary');
      await openTransfer(ctx, image);
      // The dictionary must be in the target slot: the blocks before it, written raw first.
      const first = Math.floor(dictionaryRange(chosen, blockSize).start / blockSize);
      const checks: (string | undefined)[] = [];
      let xfer = 0;
      for (let k = first; k < chosen && checks.length === 0; k++) {
        const problem = ackCheck(
          `raw block ${k}`,
          await sendUnit(ctx, unitsOf(image, k, xfer)[0]!),
          'ok',
          xfer + 1,
        );
        xfer++;
        if (problem) checks.push(problem);
      }
      if (checks.length === 0) {
        const [unit] = unitsOf(image, chosen, xfer, { compress: true });
        checks.push(
          ackCheck(
            `block ${chosen} deflated (${unit!.encodedSize} of ${blockSize} bytes) with the ${Math.min(chosen * blockSize, 32768)} bytes before it as dictionary`,
            await sendUnit(ctx, unit!),
            'ok',
            xfer + 1,
          ),
        );
      }
      return firstProblem(checks);
    },
  ),
  transferClause(
    'firmware.status-codes',
    '§6.4',
    'A unit that does not fit is answered status 3 and the half-assembled block dropped, nextXfer back to its first unit',
    async (ctx, image) => {
      const blocks = image.manifest.blockSha256.length;
      await openTransfer(ctx, image);
      const [head, tail] = unitsOf(image, 0, 0, { pieces: 2 });
      if (!head || !tail) return notRun('block 0 is one byte long');
      const [whole] = unitsOf(image, 0, 0);
      const [past] = unitsOf(image, 0, 1);
      return firstProblem([
        ackCheck('a first unit at offset 1', await sendUnit(ctx, { ...head, offset: 1 }), 'bad_block', 0, 0),
        ackCheck('the first half of block 0', await sendUnit(ctx, head), 'ok', 1, 0),
        ackCheck(
          'the second half at a wrong offset',
          await sendUnit(ctx, { ...tail, offset: tail.offset + 1, data: tail.data.subarray(1) }),
          'bad_block',
          0,
          0,
        ),
        ackCheck('block 0 whole after the rewind', await sendUnit(ctx, whole!), 'ok', 1, 0),
        ackCheck(
          `a unit of block ${blocks} (past the last)`,
          await sendUnit(ctx, { ...past!, blockIndex: blocks }),
          'bad_block',
          1,
          blocks,
        ),
      ]);
    },
  ),
  transferClause(
    'firmware.hash-check',
    '§6.4, §6.5',
    'A block whose bytes miss its manifest hash is refused (status 3) and not written; FW_END refuses a slot not all written',
    async (ctx, image) => {
      const blocks = image.manifest.blockSha256.length;
      const { ready } = await openTransfer(ctx, image);
      // A held block shows a write: after it the slot would no longer hold it.
      let index = 0;
      while (index < blocks - 1 && !isHeld(ready, index)) index++;
      const [corrupt] = unitsOf(image, index, 0, { corrupt: true });
      const refused = ackCheck(
        `block ${index} with one byte flipped`,
        await sendUnit(ctx, corrupt!),
        'bad_block',
        0,
        index,
      );
      if (refused) return fail(refused);
      const after = await openTransfer(ctx, image);
      if (isHeld(ready, index) && !isHeld(after.ready, index))
        return fail(
          `block ${index} was written although its hash did not match (no longer held at FW_BEGIN)`,
        );
      const missing = [...Array(blocks).keys()].find((i) => !isHeld(after.ready, i));
      if (missing === undefined) return pass;
      const { answer } = await ctx.probe.request({ kind: 'fwEnd' }, { waitMs: END_WAIT_MS });
      return firstProblem([
        errorCheck(answer, 'IMAGE_HASH_MISMATCH', MessageType.fwEnd) &&
          `FW_END with block ${missing} not written: ${errorCheck(answer, 'IMAGE_HASH_MISMATCH', MessageType.fwEnd)}`,
        await stateCheck(ctx, 'after the refused FW_END', 'confirmed', ctx.identity.activeSlot),
      ]);
    },
  ),
  {
    id: 'firmware.anti-downgrade',
    section: '§6.2',
    title: "FW_BEGIN refuses an image whose security counter is below the unit's, before changing anything",
    run: antiDowngrade,
  },
  transferClause(
    'firmware.test-boot',
    '§6.1, §6.6, §7',
    'A flashed image boots as a test: ROLLBACK returns to the old slot; SELFTEST and CONFIRM make it permanent',
    testBoot,
  ),
];
