import { encodeFrame } from '../../../native/framing/frame';
import { FrameReader } from '../../../native/framing/frame-reader';
import { slipEncode } from '../../../native/framing/slip';
import { encodeMessage } from '../../../native/protocol/codec';
import { MessageType } from '../../../native/protocol/message-types';
import type { Attestation } from '../../../native/protocol/messages';
import { TransportEvents, type Transport } from '../../../native/transports/transport';

/**
 * A man in the middle that answers every ATTEST with an attestation recorded earlier (another
 * station's nonce): what a replaying counterfeit or a tapped cable would send.
 */
export function replayingTransport(inner: Transport, recorded: Attestation): Transport {
  const events = new TransportEvents();
  const replay = encodeMessage(recorded).payload;
  const reader = new FrameReader((frame) => {
    const payload = frame.type === MessageType.attestation ? replay : frame.payload;
    const slip = slipEncode(encodeFrame({ type: frame.type, seq: frame.seq, payload }));
    events.emitData(Uint8Array.of(0xc0, ...slip));
  });
  inner.onData((bytes) => reader.push(bytes));
  inner.onClose((error) => events.emitClose(error));
  return {
    name: inner.name,
    get closed() {
      return events.closed;
    },
    write: (bytes) => inner.write(bytes),
    onData: (listener) => events.onData(listener),
    onClose: (listener) => events.onClose(listener),
    close: () => inner.close(),
  };
}
