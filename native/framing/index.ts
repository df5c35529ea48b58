export * from './frame';
export * from './slip';
export * from './frame-reader';
