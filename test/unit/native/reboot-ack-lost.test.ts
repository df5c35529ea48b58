import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminalClient } from '../../../native/client/terminal-client';
import { encodeFrame } from '../../../native/framing/frame';
import { FrameReader } from '../../../native/framing/frame-reader';
import { slipEncode } from '../../../native/framing/slip';
import { MessageType } from '../../../native/protocol/message-types';
import { DeviceRuntime } from '../../../native/simulator/device-runtime';
import { FlashStore } from '../../../native/simulator/flash-store';
import { Terminal } from '../../../native/simulator/terminal';
import { createMemoryPair } from '../../../native/transports/memory';
import type { Transport } from '../../../native/transports/transport';
import { makeIdentity, makeImage, makeSigner } from './fixtures';

/** The station's end of a link that loses the first answer of one type, as a noisy cable does. */
function losingFirst(inner: Transport, type: number): Transport {
  const listeners = new Set<(bytes: Uint8Array) => void>();
  let lost = false;
  const reader = new FrameReader((frame) => {
    if (!lost && frame.type === type) {
      lost = true;
      return;
    }
    const bytes = slipEncode(encodeFrame(frame));
    for (const listener of listeners) listener(bytes);
  });
  inner.onData((bytes) => reader.push(bytes));
  return {
    name: inner.name,
    get closed() {
      return inner.closed;
    },
    write: (bytes) => inner.write(bytes),
    onData: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose: (listener) => inner.onClose(listener),
    close: () => inner.close(),
  };
}

describe('a REBOOT whose acknowledgement is lost', () => {
  it('restarts the unit once: the new image stays in its test boot instead of being rolled back', async () => {
    const signer = makeSigner();
    const store = new FlashStore(mkdtempSync(join(tmpdir(), 'pos-reboot-')), 1 << 22);
    const terminal = new Terminal({
      identity: await makeIdentity(),
      store,
      firmwareKeys: [signer.publicKey],
    });
    terminal.installFactoryImage(makeImage(signer, { version: '1.0.0' }));
    terminal.boot();
    const [stationEnd, deviceEnd] = createMemoryPair();
    new DeviceRuntime(terminal, deviceEnd, { rebootMs: 20 });
    const client = new TerminalClient(losingFirst(stationEnd, MessageType.rebootAck));

    await client.flash(makeImage(signer, { version: '1.1.0', seed: 2, securityCounter: 2 }));
    await client.reboot();
    expect(await client.identity()).toMatchObject({
      bootState: 'test_boot',
      activeSlot: 'B',
      firmwareVersion: '1.1.0',
    });
  });
});
