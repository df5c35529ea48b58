import { EventEmitter } from 'node:events';
import { createMemoryPair } from '../../../native/transports/memory';
import {
  TERMINAL_USB_IDS,
  UsbTransport,
  usbLocation,
  type UsbDeviceLike,
  type UsbInEndpointLike,
  type UsbOutEndpointLike,
} from '../../../native/transports/usb';
import {
  discoverUnits,
  watchUsbTerminals,
  type UsbHotplugSource,
} from '../../../native/transports/discovery';
import { TransportClosedError } from '../../../native/transports/transport';

const BULK = 2;

class FakeIn extends EventEmitter implements UsbInEndpointLike {
  readonly direction = 'in' as const;
  readonly transferType = BULK;
  polling = false;
  startPoll(): void {
    this.polling = true;
  }
  stopPoll(callback?: () => void): void {
    this.polling = false;
    callback?.();
  }
}

class FakeOut implements UsbOutEndpointLike {
  readonly direction = 'out' as const;
  readonly transferType = BULK;
  readonly written: Buffer[] = [];
  transfer(buffer: Buffer, callback: (error: Error | undefined) => void): void {
    this.written.push(buffer);
    callback(undefined);
  }
}

function fakeDevice(options: { ports?: number[]; ids?: { vendorId: number; productId: number } } = {}) {
  const input = new FakeIn();
  const output = new FakeOut();
  const calls: string[] = [];
  const ids = options.ids ?? TERMINAL_USB_IDS[0]!;
  const device: UsbDeviceLike = {
    busNumber: 1,
    deviceAddress: 9,
    portNumbers: options.ports ?? [2, 4],
    deviceDescriptor: { idVendor: ids.vendorId, idProduct: ids.productId },
    interfaces: [
      {
        endpoints: [input, output],
        claim: () => calls.push('claim'),
        release: (_close, cb) => {
          calls.push('release');
          cb?.();
        },
      },
    ],
    open: () => calls.push('open'),
    close: () => calls.push('close'),
  };
  return { device, input, output, calls };
}

describe('in-memory transport pair', () => {
  it('delivers bytes to the other end, asynchronously and in order', async () => {
    const [a, b] = createMemoryPair();
    const got: number[] = [];
    b.onData((bytes) => got.push(...bytes));
    await a.write(Uint8Array.of(1, 2));
    await a.write(Uint8Array.of(3));
    expect(got).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([1, 2, 3]);
  });

  it('closing one end closes the other and writes then fail', async () => {
    const [a, b] = createMemoryPair();
    const closed = new Promise<Error | undefined>((resolve) => b.onClose(resolve));
    await a.close();
    expect((await closed)?.message).toMatch(/other end closed/);
    await expect(b.write(Uint8Array.of(1))).rejects.toBeInstanceOf(TransportClosedError);
  });
});

describe('USB bulk transport (node-usb shaped fake device)', () => {
  it('claims the interface, polls IN, writes OUT, and releases on close', async () => {
    const { device, input, output, calls } = fakeDevice();
    const transport = UsbTransport.open(device);
    expect(transport.name).toBe('usb:1-2.4');
    expect(input.polling).toBe(true);
    const got: number[] = [];
    transport.onData((bytes) => got.push(...bytes));
    input.emit('data', Buffer.from([7, 8]));
    expect(got).toEqual([7, 8]);
    await transport.write(Uint8Array.of(1, 2, 3));
    expect(output.written.map((b) => [...b])).toEqual([[1, 2, 3]]);
    await transport.close();
    expect(calls).toEqual(['open', 'claim', 'release', 'close']);
    await expect(transport.write(Uint8Array.of(1))).rejects.toBeInstanceOf(TransportClosedError);
  });

  it('an endpoint error (unplug) closes the transport and tells listeners', async () => {
    const { device, input } = fakeDevice();
    const transport = UsbTransport.open(device);
    const closed = new Promise<Error | undefined>((resolve) => transport.onClose(resolve));
    input.emit('error', new Error('LIBUSB_ERROR_NO_DEVICE'));
    expect((await closed)?.message).toBe('LIBUSB_ERROR_NO_DEVICE');
    expect(transport.closed).toBe(true);
  });

  it('refuses a device without a bulk endpoint pair', () => {
    const { device } = fakeDevice();
    const bare: UsbDeviceLike = {
      ...device,
      interfaces: [{ endpoints: [], claim: () => {}, release: () => {} }],
    };
    expect(() => UsbTransport.open(bare)).toThrow(/bulk IN and a bulk OUT/);
  });
});

describe('discovery', () => {
  it('merges serial ports and USB devices, naming units by port path and USB location', async () => {
    const onSerial = fakeDevice({ ports: [2, 4] }).device;
    const bulkOnly = fakeDevice({ ports: [2, 5] }).device;
    const stranger = fakeDevice({ ports: [3], ids: { vendorId: 0x1234, productId: 0x5678 } }).device;
    const units = await discoverUnits(
      {
        listSerialPorts: async () => [
          {
            path: '/dev/ttyACM0',
            vendorId: '1209',
            productId: '7a51',
            pnpId: 'usb-POS_Terminal-if00',
            locationId: '1-2.4',
          },
          { path: '/dev/ttyS0' },
        ],
        listUsbDevices: () => [onSerial, bulkOnly, stranger],
      },
      { extraPorts: ['/dev/pts/7'] },
    );
    expect(units.map((u) => ({ id: u.id, label: u.label, via: u.via }))).toEqual([
      { id: 'usb:1-2.4', label: '/dev/ttyACM0 (usb:1-2.4)', via: 'serial' },
      { id: '/dev/pts/7', label: '/dev/pts/7', via: 'serial' },
      { id: 'usb:1-2.5', label: 'usb:1-2.5', via: 'usb' },
    ]);
    expect(usbLocation(bulkOnly)).toBe('usb:1-2.5');
  });

  it('reports attach and detach of terminals only, and stops watching', () => {
    const emitter = new EventEmitter();
    const source: UsbHotplugSource = {
      on: (event, listener) => void emitter.on(event, listener),
      off: (event, listener) => void emitter.off(event, listener),
    };
    const seen: string[] = [];
    const stop = watchUsbTerminals(source, {
      onAttach: (location) => seen.push(`+${location}`),
      onDetach: (location) => seen.push(`-${location}`),
    });
    emitter.emit('attach', fakeDevice({ ports: [1] }).device);
    emitter.emit('attach', fakeDevice({ ports: [2], ids: { vendorId: 1, productId: 2 } }).device);
    emitter.emit('detach', fakeDevice({ ports: [1] }).device);
    stop();
    emitter.emit('attach', fakeDevice({ ports: [3] }).device);
    expect(seen).toEqual(['+usb:1-1', '-usb:1-1']);
    expect(emitter.listenerCount('connect')).toBe(0);
  });
});
