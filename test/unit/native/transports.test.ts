import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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
import { darwinUsbPath, linuxTtyUsbPath } from '../../../native/transports/tty-location';
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

const CDC_ACM_CLASSES = [0x02, 0x0a]; // communications (control) + CDC data
const VENDOR_CLASSES = [0xff];

function fakeDevice(
  options: {
    bus?: number;
    ports?: number[];
    ids?: { vendorId: number; productId: number };
    classes?: number[];
  } = {},
) {
  const input = new FakeIn();
  const output = new FakeOut();
  const calls: string[] = [];
  const ids = options.ids ?? TERMINAL_USB_IDS[0]!;
  const device: UsbDeviceLike = {
    busNumber: options.bus ?? 1,
    deviceAddress: 9,
    portNumbers: options.ports ?? [2, 4],
    deviceDescriptor: { idVendor: ids.vendorId, idProduct: ids.productId },
    configDescriptor: {
      interfaces: (options.classes ?? VENDOR_CLASSES).map((bInterfaceClass) => [{ bInterfaceClass }]),
    },
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

  it('closes the device again when the interface cannot be claimed', () => {
    const { device, calls } = fakeDevice();
    const busy: UsbDeviceLike = {
      ...device,
      interfaces: device.interfaces!.map((iface) => ({
        ...iface,
        claim: () => {
          throw new Error('LIBUSB_ERROR_BUSY');
        },
      })),
    };
    expect(() => UsbTransport.open(busy)).toThrow('LIBUSB_ERROR_BUSY');
    expect(calls).toEqual(['open', 'close']);
  });
});

/** Real kernel paths: the xHCI controller's root hub is usb1, so a hub on port 2 is 1-2 and its port 4 1-2.4. */
const HUB = 'pci0000:00/0000:00:14.0/usb1/1-2';

/**
 * A tty as the kernel lays it out: the device node under its parent (a USB interface for CDC-ACM, the
 * usb-serial port for ttyUSB, a pnp/platform device for ttyS), a `device` link from the node to the
 * parent, and /sys/class/tty/<name> linking to the node.
 */
function sysfsTty(root: string, name: string, parent: string): void {
  const node = join(root, 'devices', parent, 'tty', name);
  mkdirSync(node, { recursive: true });
  symlinkSync(`../../../${basename(parent)}`, join(node, 'device'));
  mkdirSync(join(root, 'class', 'tty'), { recursive: true });
  symlinkSync(`../../devices/${parent}/tty/${name}`, join(root, 'class', 'tty', name));
}

describe('discovery', () => {
  let sysfs: string;
  beforeEach(() => {
    sysfs = mkdtempSync(join(tmpdir(), 'sysfs-'));
    sysfsTty(sysfs, 'ttyACM0', `${HUB}/1-2.4/1-2.4:1.0`);
    sysfsTty(sysfs, 'ttyACM1', `${HUB}/1-2.6/1-2.6:1.0`);
    sysfsTty(sysfs, 'ttyUSB0', `${HUB}/1-2.7/1-2.7:1.0/ttyUSB0`);
    sysfsTty(sysfs, 'ttyS0', 'pnp0/00:00/00:00:0/00:00:0.0');
    // Pseudo-terminals have no sysfs entry; ptmx has one, without a device link.
    mkdirSync(join(sysfs, 'class', 'tty', 'ptmx'));
  });
  afterEach(() => rmSync(sysfs, { recursive: true, force: true }));

  it('on Linux finds a tty’s USB device in sysfs: a CDC-ACM terminal is one serial unit, not two', async () => {
    const onAcm0 = fakeDevice({ ports: [2, 4], classes: CDC_ACM_CLASSES }).device;
    const onAcm1 = fakeDevice({ ports: [2, 6], classes: CDC_ACM_CLASSES }).device;
    const bulkOnly = fakeDevice({ ports: [2, 5] }).device;
    const justPlugged = fakeDevice({ ports: [2, 8], classes: CDC_ACM_CLASSES }).device;
    const stranger = fakeDevice({ ports: [3], ids: { vendorId: 0x1234, productId: 0x5678 } }).device;
    const units = await discoverUnits(
      {
        // What serialport 13 lists on Linux: no locationId (its pnpId, the by-id name, has no location).
        listSerialPorts: async () => [
          { path: '/dev/ttyACM0', vendorId: '1209', productId: '7a51' },
          // udev gave no ids (no hwdb entry, a container): its USB device still says it is a terminal.
          { path: '/dev/ttyACM1' },
          { path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001' },
          { path: '/dev/ttyS0' },
        ],
        listUsbDevices: () => [onAcm0, onAcm1, bulkOnly, justPlugged, stranger],
      },
      {
        platform: 'linux',
        sysfsRoot: sysfs,
        extraPorts: ['/dev/ttyUSB0', '/dev/ttyS0', '/dev/pts/7'],
      },
    );
    expect(units.map((u) => ({ id: u.id, label: u.label, via: u.via }))).toEqual([
      { id: 'usb:1-2.4', label: '/dev/ttyACM0 (usb:1-2.4)', via: 'serial' },
      { id: 'usb:1-2.6', label: '/dev/ttyACM1 (usb:1-2.6)', via: 'serial' },
      { id: 'usb:1-2.7', label: '/dev/ttyUSB0 (usb:1-2.7)', via: 'serial' },
      { id: '/dev/ttyS0', label: '/dev/ttyS0', via: 'serial' },
      { id: '/dev/pts/7', label: '/dev/pts/7', via: 'serial' },
      // A vendor bulk interface has no tty: a USB unit. The CDC-ACM one on 1-2.8 waits for its tty.
      { id: 'usb:1-2.5', label: 'usb:1-2.5', via: 'usb' },
    ]);
    expect(units.map((u) => u.portPath)).toEqual([
      '/dev/ttyACM0',
      '/dev/ttyACM1',
      '/dev/ttyUSB0',
      '/dev/ttyS0',
      '/dev/pts/7',
      undefined,
    ]);
    expect(usbLocation(bulkOnly)).toBe('usb:1-2.5');
  });

  it('offers a terminal whose descriptors cannot be read over USB: opening it says why', async () => {
    const unreadable: UsbDeviceLike = Object.defineProperty({ ...fakeDevice().device }, 'configDescriptor', {
      get: () => {
        throw new Error('LIBUSB_ERROR_IO');
      },
    });
    const units = await discoverUnits(
      { listSerialPorts: async () => [], listUsbDevices: () => [unreadable] },
      { platform: 'linux', sysfsRoot: sysfs },
    );
    expect(units.map((u) => u.id)).toEqual(['usb:1-2.4']);
  });

  it('on Linux only a tty under a USB interface has a USB location', async () => {
    await expect(linuxTtyUsbPath('/dev/ttyACM0', sysfs)).resolves.toBe('1-2.4');
    await expect(linuxTtyUsbPath('/dev/ttyUSB0', sysfs)).resolves.toBe('1-2.7');
    await expect(linuxTtyUsbPath('/dev/ttyS0', sysfs)).resolves.toBeUndefined();
    await expect(linuxTtyUsbPath('/dev/ptmx', sysfs)).resolves.toBeUndefined();
    await expect(linuxTtyUsbPath('/dev/pts/7', sysfs)).resolves.toBeUndefined();
    await expect(linuxTtyUsbPath('/dev/ttyACM9', sysfs)).resolves.toBeUndefined();
  });

  it('on macOS reads the bus and ports from the IOKit locationId', async () => {
    // Descriptors not read (node-usb gives none when libusb has not cached them): the location alone
    // keeps the terminal off the USB list.
    const terminal = { ...fakeDevice({ bus: 20, ports: [2, 4] }).device, configDescriptor: undefined };
    const units = await discoverUnits(
      {
        listSerialPorts: async () => [
          { path: '/dev/tty.usbmodem14240', vendorId: '1209', productId: '7a51', locationId: '14240000' },
        ],
        listUsbDevices: () => [terminal],
      },
      { platform: 'darwin' },
    );
    expect(units.map((u) => ({ id: u.id, label: u.label, via: u.via }))).toEqual([
      { id: 'usb:20-2.4', label: '/dev/tty.usbmodem14240 (usb:20-2.4)', via: 'serial' },
    ]);
    expect(darwinUsbPath('14200000')).toBe('20-2');
    expect(darwinUsbPath('fa130000')).toBe('250-1.3');
    expect(darwinUsbPath('14000000')).toBeUndefined(); // the root hub itself
    expect(darwinUsbPath(undefined)).toBeUndefined();
  });

  it('on Windows a CDC-ACM terminal is its COM port alone, though no location ties the two', async () => {
    const terminal = fakeDevice({ ports: [4], classes: CDC_ACM_CLASSES }).device;
    const units = await discoverUnits(
      {
        listSerialPorts: async () => [
          { path: 'COM3', vendorId: '1209', productId: '7A51', locationId: 'Port_#0004.Hub_#0001' },
        ],
        listUsbDevices: () => [terminal],
      },
      { platform: 'win32' },
    );
    expect(units.map((u) => ({ id: u.id, label: u.label, via: u.via }))).toEqual([
      { id: 'COM3', label: 'COM3', via: 'serial' },
    ]);
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
