import { createContext, useContext } from 'react';
import type { StationClient } from '../bridge/station-bridge';
import type { StationStatus } from '../../../electron/contract/station';
import type { Operator } from '../../../electron/contract/context';

export interface StationState {
  readonly client: StationClient;
  readonly status: StationStatus;
  readonly operator: Operator;
  readonly connected: boolean;
  readonly signOut: () => void;
}

export const StationContext = createContext<StationState | null>(null);

export function useStation(): StationState {
  const state = useContext(StationContext);
  if (!state) throw new Error('useStation outside StationContext');
  return state;
}
