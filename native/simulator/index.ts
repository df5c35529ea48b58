export * from './device-runtime';
export * from './fleet';
export * from './flash-store';
export * from './launch';
export * from './line-faults';
export * from './pty-pair';
export * from './terminal';
export * from './unit-identity';
