import type { Device, InEndpoint, Interface, OutEndpoint, usb } from 'usb';
import type {
  UsbDeviceLike,
  UsbInEndpointLike,
  UsbInterfaceLike,
  UsbOutEndpointLike,
} from '../../../native/transports/usb';
import type { UsbHotplugSource } from '../../../native/transports/discovery';

/**
 * The fake USB devices in the transport and discovery tests are typed with these shapes; here the
 * shapes are pinned to node-usb's own types, so a fake cannot rely on anything the real objects
 * lack and an upgrade of node-usb that changes one fails the type check (`npm run typecheck`).
 */
describe("fake USB devices have node-usb's shape", () => {
  it("node-usb's objects are what discovery and the transport accept, without a cast", () => {
    expectTypeOf<Device>().toExtend<UsbDeviceLike>();
    expectTypeOf<Interface>().toExtend<UsbInterfaceLike>();
    expectTypeOf<InEndpoint & { direction: 'in' }>().toExtend<UsbInEndpointLike>();
    expectTypeOf<OutEndpoint & { direction: 'out' }>().toExtend<UsbOutEndpointLike>();
    expectTypeOf<typeof usb>().toExtend<UsbHotplugSource>();
  });

  it('names the same members node-usb has', () => {
    expectTypeOf<keyof UsbDeviceLike>().toExtend<keyof Device>();
    expectTypeOf<keyof UsbInterfaceLike>().toExtend<keyof Interface>();
    expectTypeOf<keyof UsbInEndpointLike>().toExtend<keyof InEndpoint>();
    expectTypeOf<keyof UsbOutEndpointLike>().toExtend<keyof OutEndpoint>();
  });
});
