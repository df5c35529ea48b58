import { SerialPort } from 'serialport';
import {
  TERMINAL_USB_IDS,
  UsbTransport,
  isTerminal,
  usbLocation,
  type UsbDeviceLike,
  type UsbIds,
} from './usb';
import { SerialTransport } from './serial';
import type { Transport } from './transport';

/** One terminal as the station sees it, however it is attached. */
export interface DiscoveredUnit {
  /** Stable key: the USB location when known (same hub port = same key), else the port path. */
  readonly id: string;
  /** What the operator reads on the board, e.g. "/dev/ttyACM3 (usb:1-2.4)". */
  readonly label: string;
  readonly portPath?: string;
  readonly usbLocation?: string;
  readonly via: 'serial' | 'usb';
  open(baudRate?: number): Promise<Transport>;
}

/** What SerialPort.list() returns that discovery needs. */
export interface SerialPortInfoLike {
  readonly path: string;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
  readonly locationId?: string | undefined;
  readonly pnpId?: string | undefined;
}

export interface DiscoverySources {
  listSerialPorts(): Promise<readonly SerialPortInfoLike[]>;
  listUsbDevices(): readonly UsbDeviceLike[];
}

export interface DiscoveryOptions {
  readonly ids?: readonly UsbIds[];
  /** Ports to include whatever they report (pseudo-terminals of simulated terminals, a UART adapter). */
  readonly extraPorts?: readonly string[];
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

function serialMatches(port: SerialPortInfoLike, ids: readonly UsbIds[]): boolean {
  return ids.some(
    (id) =>
      port.vendorId?.toLowerCase() === hex4(id.vendorId) &&
      port.productId?.toLowerCase() === hex4(id.productId),
  );
}

/**
 * Linux sysfs names a CDC-ACM port's USB device "<bus>-<port>.<port>"; pnpId/locationId carry it. A
 * terminal that enumerates as serial is used through its serial port, and not offered twice over USB.
 */
function serialUsbLocation(port: SerialPortInfoLike): string | undefined {
  const source = port.locationId ?? port.pnpId ?? '';
  const m = /(\d+)-(\d+(?:\.\d+)*)/.exec(source);
  return m ? `usb:${m[1]}-${m[2]}` : undefined;
}

export async function discoverUnits(
  sources: DiscoverySources,
  options: DiscoveryOptions = {},
): Promise<DiscoveredUnit[]> {
  const ids = options.ids ?? TERMINAL_USB_IDS;
  const units: DiscoveredUnit[] = [];
  const seenLocations = new Set<string>();
  const seenPaths = new Set<string>();
  for (const port of await sources.listSerialPorts()) {
    if (!serialMatches(port, ids) && !options.extraPorts?.includes(port.path)) continue;
    const location = serialUsbLocation(port);
    if (location) seenLocations.add(location);
    seenPaths.add(port.path);
    units.push(serialUnit(port.path, location));
  }
  for (const path of options.extraPorts ?? []) {
    if (!seenPaths.has(path)) units.push(serialUnit(path, undefined));
  }
  for (const device of sources.listUsbDevices()) {
    if (!isTerminal(device, ids)) continue;
    const location = usbLocation(device);
    if (seenLocations.has(location)) continue;
    units.push({
      id: location,
      label: location,
      usbLocation: location,
      via: 'usb',
      open: async () => UsbTransport.open(device),
    });
  }
  return units;
}

function serialUnit(path: string, location: string | undefined): DiscoveredUnit {
  return {
    id: location ?? path,
    label: location ? `${path} (${location})` : path,
    portPath: path,
    ...(location ? { usbLocation: location } : {}),
    via: 'serial',
    open: (baudRate) => SerialTransport.open({ path, ...(baudRate ? { baudRate } : {}) }),
  };
}

/** The real system: serialport's list and node-usb's device list. */
export async function systemDiscoverySources(): Promise<DiscoverySources> {
  const usb = await import('usb');
  return {
    listSerialPorts: () => SerialPort.list(),
    listUsbDevices: () => usb.getDeviceList() as unknown as UsbDeviceLike[],
  };
}

export interface UsbHotplugSource {
  on(event: 'attach' | 'detach', listener: (device: UsbDeviceLike) => void): void;
  off(event: 'attach' | 'detach', listener: (device: UsbDeviceLike) => void): void;
}

/**
 * Hot-plug: calls back for terminals attached or detached. Only 'attach'/'detach' are used (node-usb 2.x);
 * returns the function that stops watching.
 */
export function watchUsbTerminals(
  source: UsbHotplugSource,
  handlers: { onAttach(location: string, device: UsbDeviceLike): void; onDetach(location: string): void },
  ids: readonly UsbIds[] = TERMINAL_USB_IDS,
): () => void {
  const attach = (device: UsbDeviceLike) => {
    if (isTerminal(device, ids)) handlers.onAttach(usbLocation(device), device);
  };
  const detach = (device: UsbDeviceLike) => {
    if (isTerminal(device, ids)) handlers.onDetach(usbLocation(device));
  };
  source.on('attach', attach);
  source.on('detach', detach);
  return () => {
    source.off('attach', attach);
    source.off('detach', detach);
  };
}

/** node-usb's module-level emitter as a hot-plug source; unref'd so it never keeps the process alive. */
export async function systemUsbHotplug(): Promise<UsbHotplugSource> {
  const { usb } = await import('usb');
  usb.unrefHotplugEvents();
  return usb as unknown as UsbHotplugSource;
}
