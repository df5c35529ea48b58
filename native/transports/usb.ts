import { TransportClosedError, TransportEvents, type Transport } from './transport';

/** USB ids our terminals enumerate with (pid.codes test vendor 0x1209; product 0x7A51 = "POS terminal"). */
export interface UsbIds {
  readonly vendorId: number;
  readonly productId: number;
}
export const TERMINAL_USB_IDS: readonly UsbIds[] = [{ vendorId: 0x1209, productId: 0x7a51 }];

const BULK = 2; // LIBUSB_TRANSFER_TYPE_BULK
const CDC_DATA = 0x0a; // bInterfaceClass of a CDC-ACM data interface
const POLL_TRANSFERS = 2;
const POLL_SIZE = 4096;

/**
 * The parts of node-usb's Device/Interface/Endpoint this module uses; tests inject fakes of this
 * shape. node-usb's own objects must satisfy these types without a cast (discovery hands
 * `getDeviceList()` straight in; a type test pins it), so a fake can use nothing node-usb lacks.
 */
export interface UsbInEndpointLike {
  readonly direction: 'in';
  readonly transferType: number;
  startPoll(nTransfers?: number, transferSize?: number): unknown;
  stopPoll(callback?: () => void): void;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
export interface UsbOutEndpointLike {
  readonly direction: 'out';
  readonly transferType: number;
  transfer(buffer: Buffer, callback: (error: Error | undefined) => void): unknown;
}
/**
 * An endpoint as node-usb lists it: its type says only 'in' | 'out', while the object is an
 * InEndpoint or an OutEndpoint by that direction (node-usb builds it from the address's direction
 * bit), which is what `isInEndpoint` / `isOutEndpoint` rely on.
 */
export interface UsbEndpointLike {
  readonly direction: 'in' | 'out';
  readonly transferType: number;
}
export interface UsbInterfaceLike {
  readonly endpoints: readonly UsbEndpointLike[];
  claim(): void;
  release(closeEndpoints: boolean, callback?: (error?: Error) => void): void;
}

const isInEndpoint = (e: UsbEndpointLike): e is UsbInEndpointLike => e.direction === 'in';
const isOutEndpoint = (e: UsbEndpointLike): e is UsbOutEndpointLike => e.direction === 'out';

export interface UsbDeviceLike {
  readonly busNumber: number;
  readonly deviceAddress: number;
  readonly portNumbers: readonly number[];
  readonly deviceDescriptor: { readonly idVendor: number; readonly idProduct: number };
  readonly interfaces: readonly UsbInterfaceLike[] | undefined;
  /** The active configuration's interfaces (alternate settings each), read without opening the device. */
  readonly configDescriptor?:
    { readonly interfaces: readonly (readonly { readonly bInterfaceClass: number }[])[] } | undefined;
  open(): void;
  close(): void;
}

/** Physical location, stable across replugs into the same hub port: "usb:<bus>-<port>.<port>…". */
export function usbLocation(device: UsbDeviceLike): string {
  const ports = device.portNumbers.length > 0 ? device.portNumbers.join('.') : `addr${device.deviceAddress}`;
  return `usb:${device.busNumber}-${ports}`;
}

export function isTerminal(device: UsbDeviceLike, ids: readonly UsbIds[] = TERMINAL_USB_IDS): boolean {
  const { idVendor, idProduct } = device.deviceDescriptor;
  return ids.some((id) => id.vendorId === idVendor && id.productId === idProduct);
}

/**
 * A CDC-ACM terminal's data interface belongs to the OS serial driver (cdc_acm, AppleUSBCDCACMData,
 * usbser), so it cannot be claimed: the terminal is used through its serial port. The descriptors say
 * so from enumeration on, before the driver has bound and the tty has appeared.
 */
export function isCdcAcm(device: UsbDeviceLike): boolean {
  let config: UsbDeviceLike['configDescriptor'];
  try {
    config = device.configDescriptor;
  } catch {
    // Descriptor unreadable (a libusb I/O error): not known to be serial; opening it will say why.
    return false;
  }
  return config?.interfaces.some((alts) => alts.some((alt) => alt.bInterfaceClass === CDC_DATA)) ?? false;
}

function bulkPair(
  iface: UsbInterfaceLike,
): { input: UsbInEndpointLike; output: UsbOutEndpointLike } | undefined {
  const input = iface.endpoints.filter(isInEndpoint).find((e) => e.transferType === BULK);
  const output = iface.endpoints.filter(isOutEndpoint).find((e) => e.transferType === BULK);
  return input && output ? { input, output } : undefined;
}

/** The protocol over a bulk IN/OUT endpoint pair of the terminal's first interface that has one. */
export class UsbTransport implements Transport {
  private readonly events = new TransportEvents();

  private constructor(
    private readonly device: UsbDeviceLike,
    private readonly iface: UsbInterfaceLike,
    private readonly input: UsbInEndpointLike,
    private readonly output: UsbOutEndpointLike,
    readonly name: string,
  ) {
    input.on('data', (data) => this.events.emitData(data));
    input.on('error', (error) => void this.shutdown(error));
    input.startPoll(POLL_TRANSFERS, POLL_SIZE);
  }

  static open(device: UsbDeviceLike): UsbTransport {
    device.open();
    for (const iface of device.interfaces ?? []) {
      const pair = bulkPair(iface);
      if (!pair) continue;
      try {
        iface.claim();
      } catch (error) {
        // Held by a kernel driver or another process (LIBUSB_ERROR_BUSY): do not leave it open per retry.
        device.close();
        throw error;
      }
      return new UsbTransport(device, iface, pair.input, pair.output, usbLocation(device));
    }
    device.close();
    throw new Error(`${usbLocation(device)} has no interface with a bulk IN and a bulk OUT endpoint.`);
  }

  get closed(): boolean {
    return this.events.closed;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new TransportClosedError(this.name));
    return new Promise((resolve, reject) => {
      this.output.transfer(Buffer.from(bytes), (error) => (error ? reject(error) : resolve()));
    });
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }

  /** Called by discovery when the device is unplugged: the endpoints are already gone. */
  detached(): void {
    this.events.emitClose(new Error(`${this.name} was unplugged.`));
  }

  close(): Promise<void> {
    return this.shutdown();
  }

  private shutdown(error?: Error): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.events.emitClose(error);
    return new Promise((resolve) => {
      this.input.stopPoll(() => {
        this.iface.release(true, () => {
          try {
            this.device.close();
          } catch {
            // Already gone (unplugged): nothing left to close.
          }
          resolve();
        });
      });
    });
  }
}
