import { StationLink } from '../../../native/client/station-link';
import { DeviceError } from '../../../native/client/device-error';
import type { Transport } from '../../../native/transports/transport';

/** A transport whose writes fail, as a port does the moment a unit is unplugged. */
function unpluggedTransport(): Transport & { close(error?: Error): void } {
  let onClose: ((error?: Error) => void) | undefined;
  return {
    name: 'unplugged',
    write: () => Promise.reject(new Error('EIO: device gone')),
    onData: () => {},
    onClose: (listener: (error?: Error) => void) => {
      onClose = listener;
    },
    close(error?: Error) {
      onClose?.(error);
    },
  } as unknown as Transport & { close(error?: Error): void };
}

describe('StationLink on a link that drops', () => {
  it('fails the request with LINK_LOST and leaves no unhandled rejection behind', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const transport = unpluggedTransport();
      const link = new StationLink(transport);
      await expect(link.request({ kind: 'identity' } as never, { timeoutMs: 1000 })).rejects.toBeInstanceOf(
        DeviceError,
      );
      transport.close(new Error('unplugged'));
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
