import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: join(__dirname, '..', '..', '..') });

/** The rule ids ESLint reports for `code` as if it stood at `file` in the repository. */
async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint keeps the runtimes apart', () => {
  const renderer = 'renderer/src/workspaces/probe.ts';
  const service = 'electron/services/fees/probe.ts';

  it.each([
    ["import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;", 'no-restricted-imports'],
    [
      "import { contextBridge } from 'electron/renderer';\nexport const x = contextBridge;",
      'no-restricted-imports',
    ],
    ["import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", 'no-restricted-imports'],
    ["import { join } from 'path';\nexport const x = join;", 'no-restricted-imports'],
    ["export const load = () => import('electron');", 'no-restricted-syntax'],
    ["export const load = () => import('node:child_process');", 'no-restricted-syntax'],
    [
      "import { vault } from '../../../electron/services/vault/vault';\nexport const x = vault;",
      'no-restricted-imports',
    ],
    ['export const home = process.env.HOME;', 'no-restricted-globals'],
    ["export const bytes = Buffer.from('x');", 'no-restricted-globals'],
  ])('refuses in the renderer: %s', async (code, rule) => {
    expect(await violations(renderer, code)).toContain(rule);
  });

  it('lets the renderer use the contract and browser globals', async () => {
    const code =
      "import type { StationStatus } from '../../../electron/contract/station';\n" +
      'export const show = (s: StationStatus) => window.alert(s.version);';
    expect(await violations(renderer, code)).toEqual([]);
  });

  it.each([
    ["import { safeStorage } from 'electron';\nexport const x = safeStorage;", 'no-restricted-imports'],
    ["import { app } from 'electron/main';\nexport const x = app;", 'no-restricted-imports'],
    ["export const load = () => import('electron');", 'no-restricted-syntax'],
  ])('refuses in a plain-Node service: %s', async (code, rule) => {
    expect(await violations(service, code)).toContain(rule);
  });

  it('lets services use Node', async () => {
    const code =
      "import { readFileSync } from 'node:fs';\nexport const read = (p: string) => readFileSync(p, process.env.ENC === 'latin1' ? 'latin1' : 'utf8');";
    expect(await violations(service, code)).toEqual([]);
  });
});
