import { httpBridge } from './http-bridge';
import { typedClient, type RawBridge, type StationClient } from './station-bridge';

declare global {
  interface Window {
    posStation?: RawBridge;
  }
}

/** The renderer cannot tell the shells apart: Electron's preload object if present, else the loopback bridge. */
export function connectStation(
  onConnection: (up: boolean) => void,
  onSessionLost: () => void,
): StationClient {
  if (window.posStation) {
    onConnection(true);
    return typedClient(window.posStation, onSessionLost);
  }
  return typedClient(httpBridge(onConnection), onSessionLost);
}
