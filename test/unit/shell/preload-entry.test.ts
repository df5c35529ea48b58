import { describe, expect, it, vi } from 'vitest';

// The preload entry as Electron loads it, with contextBridge and ipcRenderer standing in.
const exposed = vi.hoisted(() => new Map<string, unknown>());
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));

describe('preload entry', () => {
  it('puts exactly one object on the page, window.posStation, holding only invoke and on', async () => {
    await import('../../../electron/preload/index');
    expect([...exposed.keys()]).toEqual(['posStation']);
    const api = exposed.get('posStation') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(typeof api['invoke']).toBe('function');
    expect(typeof api['on']).toBe('function');
  });
});
