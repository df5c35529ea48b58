export * from './device-error';
export * from './flash-transfer';
export * from './station-link';
export * from './terminal-client';
