export * from './transport';
export * from './memory';
export * from './serial';
export * from './usb';
export * from './discovery';
export * from './stream';
export * from './tty-location';
