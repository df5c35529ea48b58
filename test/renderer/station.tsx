import { render, type RenderResult } from '@testing-library/react';
import { App as AntApp } from 'antd';
import type { ReactElement } from 'react';
import { onTestFinished } from 'vitest';
import { contractCalls } from '../../electron/contract';
import { typedClient, type RawBridge } from '../../renderer/src/bridge/station-bridge';
import { StationContext, type StationState } from '../../renderer/src/shell/station-context';
import { i18n, type Language } from '../../renderer/src/i18n';
import type { Operator } from '../../electron/contract/context';
import type { CallSpec, Role } from '../../electron/contract/define';
import type { StationStatus } from '../../electron/contract/station';

/**
 * A call's stand-in: returns (or resolves to) the call's output, or throws a contract error shape
 * (`{ code, message, reason? }`) for the gate to answer with.
 */
export type FakeCall = (input: unknown) => unknown;

/** A contract error as the station's gate sends it, for a fake to throw. */
export function refusal(code: string, message: string, reason?: string): object {
  return { code, message, ...(reason !== undefined ? { reason } : {}) };
}

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
 * Renders `ui` inside the station context (and Ant Design's App, which carries the message toasts
 * every screen reports errors with) with a bridge whose calls are answered by `handlers` (by call
 * name); an unanswered call fails the way the gate answers an unknown call. Like the real gate,
 * the input is checked against the call's input schema, and a fake's answer against its output
 * schema — an answer the station could never give fails the test instead of passing it.
 */
export async function renderWithStation(
  ui: ReactElement,
  options: { role?: Role; handlers?: Record<string, FakeCall>; language?: Language } = {},
): Promise<RenderResult & FakeStation> {
  await i18n.changeLanguage(options.language ?? 'zh-CN');
  const calls: { name: string; input: unknown }[] = [];
  const drifted: string[] = [];
  onTestFinished(() => {
    if (drifted.length > 0) throw new Error(`fake answers outside the contract:\n${drifted.join('\n')}`);
  });
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const raw: RawBridge = {
    async invoke(name, input) {
      calls.push({ name, input });
      const handler = options.handlers?.[name];
      const spec = (contractCalls as Record<string, CallSpec>)[name];
      if (!handler || !spec) {
        return { ok: false, error: { code: 'unknown_call', message: `no fake for ${name}` } };
      }
      const parsedInput = spec.input.safeParse(input);
      if (!parsedInput.success) {
        return { ok: false, error: { code: 'invalid_input', message: parsedInput.error.message } };
      }
      let value: unknown;
      try {
        value = await handler(parsedInput.data);
      } catch (error) {
        return { ok: false, error: error as object };
      }
      const parsedOutput = spec.output.safeParse(value);
      if (!parsedOutput.success) {
        drifted.push(`${name}: ${parsedOutput.error.message}`);
        return { ok: false, error: { code: 'internal', message: `fake for ${name} broke its schema` } };
      }
      return { ok: true, value: parsedOutput.data };
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
  const result = render(
    <AntApp>
      <StationContext.Provider value={state}>{ui}</StationContext.Provider>
    </AntApp>,
  );
  return {
    ...result,
    calls,
    emit: (event, payload) => listeners.get(event)?.forEach((cb) => cb(payload)),
  };
}
