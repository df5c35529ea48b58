import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { typedClient, type RawBridge } from '../../renderer/src/bridge/station-bridge';
import { StationContext, type StationState } from '../../renderer/src/shell/station-context';
import { i18n, type Language } from '../../renderer/src/i18n';
import type { Operator } from '../../electron/contract/context';
import type { Role } from '../../electron/contract/define';
import type { StationStatus } from '../../electron/contract/station';

/** A call's stand-in: answers like the station's gate (an envelope), or throws a contract error. */
export type FakeCall = (input: unknown) => unknown;

export interface FakeStation {
  readonly calls: { name: string; input: unknown }[];
  readonly emit: (event: string, payload: unknown) => void;
}

const status: StationStatus = {
  version: 'test',
  shell: 'browser',
  demo: true,
  schemaVersion: 1,
  stationId: 'station-test',
  now: '2026-11-25T10:00:00+08:00',
  calendarCoversUntil: '2026-12-31',
};

export function operatorFor(role: Role): Operator {
  return { id: `op-${role}`, username: role, displayName: `测试${role}`, role };
}

/**
 * Renders `ui` inside the station context with a bridge whose calls are answered by `handlers`
 * (by call name); an unanswered call fails the way the gate answers an unknown call.
 */
export async function renderWithStation(
  ui: ReactElement,
  options: { role?: Role; handlers?: Record<string, FakeCall>; language?: Language } = {},
): Promise<RenderResult & FakeStation> {
  await i18n.changeLanguage(options.language ?? 'zh-CN');
  const calls: { name: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const raw: RawBridge = {
    async invoke(name, input) {
      calls.push({ name, input });
      const handler = options.handlers?.[name];
      if (!handler) return { ok: false, error: { code: 'not_found', message: `no fake for ${name}` } };
      try {
        return { ok: true, value: await handler(input) };
      } catch (error) {
        return { ok: false, error: error as object };
      }
    },
    on(event, callback) {
      const set = listeners.get(event) ?? new Set();
      set.add(callback);
      listeners.set(event, set);
      return () => set.delete(callback);
    },
  };
  const state: StationState = {
    client: typedClient(raw, () => undefined),
    status,
    operator: operatorFor(options.role ?? 'admin'),
    connected: true,
    signOut: () => undefined,
  };
  const result = render(<StationContext.Provider value={state}>{ui}</StationContext.Provider>);
  return {
    ...result,
    calls,
    emit: (event, payload) => listeners.get(event)?.forEach((cb) => cb(payload)),
  };
}
