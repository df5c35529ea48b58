import type { IpcRenderer } from 'electron';
import { callNames, eventNames } from '../contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../main/ipc-channels';

export interface StationBridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  on(event: string, callback: (payload: unknown) => void): () => void;
}

const knownCalls = new Set(callNames);
const knownEvents = new Set(eventNames);

/** Exactly two functions reach the page; names outside the contract are refused before IPC. */
export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): StationBridge {
  return {
    invoke(name, input) {
      if (!knownCalls.has(name)) return Promise.reject(new Error(`Unknown call '${name}'`));
      return ipc.invoke(INVOKE_CHANNEL, name, input);
    },
    on(event, callback) {
      if (!knownEvents.has(event)) throw new Error(`Unknown event '${event}'`);
      const listener = (_e: unknown, name: unknown, payload: unknown) => {
        if (name === event) callback(payload);
      };
      ipc.on(EVENT_CHANNEL, listener);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, listener);
      };
    },
  };
}
