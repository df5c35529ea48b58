export * from './enums';
export * from './messages';
export * from './message-types';
export * from './codec';
export * from './error-codes';
export * from './attestation-transcript';
export * from './limits';
export * from './timeouts';
