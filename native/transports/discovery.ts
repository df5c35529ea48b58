import { SerialPort } from 'serialport';
import {
  TERMINAL_USB_IDS,
  UsbTransport,
  isCdcAcm,
  isTerminal,
  usbLocation,
  type UsbDeviceLike,
  type UsbIds,
} from './usb';
import { SerialTransport } from './serial';
import { darwinUsbPath, linuxTtyUsbPath } from './tty-location';
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
}

export interface DiscoverySources {
  listSerialPorts(): Promise<readonly SerialPortInfoLike[]>;
  listUsbDevices(): readonly UsbDeviceLike[];
}

export interface DiscoveryOptions {
  readonly ids?: readonly UsbIds[];
  /** Ports to include whatever they report (pseudo-terminals of simulated terminals, a UART adapter). */
  readonly extraPorts?: readonly string[];
  /** Whose port list this is (default process.platform): each says where a port is on USB its own way. */
  readonly platform?: NodeJS.Platform;
  /** Where sysfs is mounted on Linux (default /sys); tests point it at a fake tree. */
  readonly sysfsRoot?: string;
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
 * The USB location of a serial port, to know a terminal on both lists as one unit. Windows has none
 * that node-usb shares (locationId "Port_#0004.Hub_#0001" numbers hubs its own way, pnpId has no
 * bus-port): there a CDC-ACM terminal is kept off the USB list by its descriptors alone.
 */
async function serialUsbLocation(
  port: SerialPortInfoLike,
  options: DiscoveryOptions,
): Promise<string | undefined> {
  const platform = options.platform ?? process.platform;
  const path =
    platform === 'linux'
      ? await linuxTtyUsbPath(port.path, options.sysfsRoot)
      : platform === 'darwin'
        ? darwinUsbPath(port.locationId)
        : undefined;
  return path && `usb:${path}`;
}

export async function discoverUnits(
  sources: DiscoverySources,
  options: DiscoveryOptions = {},
): Promise<DiscoveredUnit[]> {
  const ids = options.ids ?? TERMINAL_USB_IDS;
  const usbTerminals = new Map<string, UsbDeviceLike>();
  for (const device of sources.listUsbDevices()) {
    if (isTerminal(device, ids)) usbTerminals.set(usbLocation(device), device);
  }
  const units: DiscoveredUnit[] = [];
  const seenPaths = new Set<string>();
  for (const port of await sources.listSerialPorts()) {
    const location = await serialUsbLocation(port, options);
    // A tty on a terminal's USB device is that terminal (whatever ids udev reported), used through the
    // tty: the serial driver holds the interface, so the device is not offered over USB as well.
    const onTerminal = location !== undefined && usbTerminals.delete(location);
    if (!onTerminal && !serialMatches(port, ids) && !options.extraPorts?.includes(port.path)) continue;
    seenPaths.add(port.path);
    units.push(serialUnit(port.path, location));
  }
  for (const path of options.extraPorts ?? []) {
    if (!seenPaths.has(path)) units.push(serialUnit(path, undefined));
  }
  for (const [location, device] of usbTerminals) {
    // A CDC-ACM terminal whose tty is not listed yet (just plugged in) cannot be claimed either; its
    // tty brings it in on the next poll.
    if (isCdcAcm(device)) continue;
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
    listUsbDevices: () => usb.getDeviceList(),
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
  return usb;
}
