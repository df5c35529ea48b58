import { realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Where a serial port sits on USB, as the "<bus>-<port>.<port>…" path node-usb gives a device
 * (`${busNumber}-${portNumbers.join('.')}`), so a terminal on a serial port and on the USB list is
 * known to be one unit. Each platform has its own source; serialport's list is not one on Linux.
 */

/** A USB interface in sysfs: "<bus>-<ports>:<config>.<interface>", e.g. "1-2.4:1.0". */
const USB_INTERFACE = /^\d+-\d+(?:\.\d+)*:\d+\.\d+$/;
/** A USB device in sysfs: "<bus>-<ports>", e.g. "1-2.4" (root hubs are "usb<bus>"). */
const USB_DEVICE = /^\d+-\d+(?:\.\d+)*$/;

/**
 * Linux: serialport leaves locationId empty and its pnpId is the /dev/serial/by-id name, which has
 * no location in it, so ask sysfs. /sys/class/tty/<name>/device resolves to the USB interface the
 * tty belongs to (CDC-ACM: …/usb1/1-2/1-2.4/1-2.4:1.0) or to a child of it (usb-serial adapters:
 * …/1-2.4:1.0/ttyUSB0); the interface's parent directory is the USB device. A tty that is not on USB
 * (ttyS0 resolves under pnp0 or platform) or has no sysfs entry (pseudo-terminals) has no location.
 */
export async function linuxTtyUsbPath(portPath: string, sysfsRoot = '/sys'): Promise<string | undefined> {
  let device: string;
  try {
    device = await realpath(join(sysfsRoot, 'class', 'tty', basename(portPath), 'device'));
  } catch {
    // No such tty in sysfs (a pseudo-terminal, or unplugged since the list): nowhere on USB.
    return undefined;
  }
  const parts = device.split('/');
  const iface = parts.findLastIndex((part) => USB_INTERFACE.test(part));
  const parent = parts[iface - 1];
  return iface > 0 && parent !== undefined && USB_DEVICE.test(parent) ? parent : undefined;
}

/**
 * macOS: serialport gives the IOKit locationID as 8 hex digits, the bus in the top byte and one hub
 * tier's port per following nibble up to the first 0 ("14210000": bus 0x14, ports 2 then 1). libusb
 * numbers the bus as locationID >> 24 and reads the same port numbers, so that is node-usb's "20-2.1".
 */
export function darwinUsbPath(locationId: string | undefined): string | undefined {
  if (!locationId || !/^[0-9a-f]{8}$/i.test(locationId)) return undefined;
  const nibbles = [...locationId.slice(2)].map((digit) => parseInt(digit, 16));
  const end = nibbles.indexOf(0);
  const ports = end === -1 ? nibbles : nibbles.slice(0, end);
  return ports.length > 0 ? `${parseInt(locationId.slice(0, 2), 16)}-${ports.join('.')}` : undefined;
}
