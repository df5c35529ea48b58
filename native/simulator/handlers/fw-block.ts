import { blockMatches } from '../../firmware/block-hashes';
import { decodeBlock, dictionaryRange } from '../../protocol/block-encoding';
import type { AckStatus } from '../../protocol/enums';
import { Refusal } from '../refusal';
import { reply, type Handler } from './handler';

/** §6.4: units of a block assembled in xfer order; a whole block is decoded, checked and written. */
export const onFwBlock: Handler<'fwBlock'> = (ctx, m) => {
  const session = ctx.session;
  if (!session) throw new Refusal('BAD_STATE', 'FW_BLOCK outside a flash');
  const breaks = ctx.config.breaks;
  const ack = (status: AckStatus) =>
    reply({ kind: 'fwAck', nextXfer: session.nextXfer, status, blockIndex: m.blockIndex });
  if (m.xfer < session.nextXfer)
    // fw-ack-per-unit: answers a retransmission as if it were the newest unit taken.
    return breaks?.has('fw-ack-per-unit')
      ? reply({ kind: 'fwAck', nextXfer: m.xfer + 1, status: 'ok', blockIndex: m.blockIndex })
      : ack('ok');
  if (m.xfer > session.nextXfer) return ack('out_of_order');
  const { blockSize, payloadSize } = session.manifest.header;
  const assembly = session.assembly;
  // fw-window-overrun: a receive buffer of 8 units, so a window of more small units overruns it.
  if (breaks?.has('fw-window-overrun') && assembly && m.xfer - assembly.startXfer >= 8)
    return ack('out_of_order');
  /** The block being assembled is dropped: it starts again from its first unit. */
  const restartBlock = () => {
    // fw-status-no-rewind: keeps the half-assembled block and nextXfer where they are.
    if (breaks?.has('fw-status-no-rewind')) return ack('bad_block');
    if (assembly) session.nextXfer = assembly.startXfer;
    session.assembly = null;
    return ack('bad_block');
  };
  if (m.blockIndex >= session.manifest.blockSha256.length) return restartBlock();
  const blockLength = Math.min(blockSize, payloadSize - m.blockIndex * blockSize);
  // A unit must continue the block being assembled exactly, or start a block when none is open.
  const fits = assembly
    ? assembly.blockIndex === m.blockIndex &&
      assembly.encoding === m.encoding &&
      assembly.bytes.length === m.encodedSize &&
      assembly.filled === m.offset
    : m.offset === 0;
  const sizeOk =
    m.encoding === 'raw' ? m.encodedSize === blockLength : m.encodedSize >= 1 && m.encodedSize <= blockLength;
  if (!fits || !sizeOk || m.data.length < 1 || m.offset + m.data.length > m.encodedSize)
    return restartBlock();
  const current = assembly ?? {
    blockIndex: m.blockIndex,
    encoding: m.encoding,
    filled: 0,
    startXfer: m.xfer,
    bytes: new Uint8Array(m.encodedSize),
  };
  current.bytes.set(m.data, m.offset);
  current.filled += m.data.length;
  session.assembly = current;
  session.nextXfer++;
  if (current.filled < current.bytes.length) return ack('ok');

  session.assembly = null;
  // The dictionary is what the slot holds before the block: held or written earlier in this transfer.
  const { start, end } = dictionaryRange(m.blockIndex, blockSize);
  // fw-deflate-no-dictionary: inflates every block alone.
  const dictionary = breaks?.has('fw-deflate-no-dictionary')
    ? new Uint8Array(0)
    : ctx.config.store.readSlot(session.target, start, end - start);
  const bytes = decodeBlock({ encoding: current.encoding, data: current.bytes }, dictionary, blockLength);
  // fw-accept-corrupt-block: writes a block without checking its hash.
  const hashOk =
    breaks?.has('fw-accept-corrupt-block') || (bytes && blockMatches(session.manifest, m.blockIndex, bytes));
  if (!bytes || !hashOk) {
    session.nextXfer = current.startXfer;
    return ack('bad_block');
  }
  const faults = ctx.config.faults;
  if (
    faults?.refuseBlock === m.blockIndex &&
    (faults.refuseCount === undefined || ctx.refusals < faults.refuseCount)
  ) {
    ctx.refusals++;
    session.nextXfer = current.startXfer;
    return ack('write_failed');
  }
  ctx.config.store.writeSlot(session.target, m.blockIndex * blockSize, bytes);
  return ack('ok');
};
