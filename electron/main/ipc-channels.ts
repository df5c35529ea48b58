/** The only two IPC channels between preload and main. */
export const INVOKE_CHANNEL = 'pos-station:invoke';
export const EVENT_CHANNEL = 'pos-station:event';
