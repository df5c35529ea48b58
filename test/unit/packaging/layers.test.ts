import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';

const config = createRequire(import.meta.url)('../../../.dependency-cruiser.cjs') as {
  forbidden: IForbiddenRuleType[];
};

/**
 * The layering rules, tried on probe trees shaped like ours: each probe breaks one rule two hops
 * away from where it starts, which per-file lint cannot see.
 */
async function violations(files: Record<string, string>): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'pos-layers-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const { output } = await cruise(
      ['renderer', 'electron', 'native'].filter((d) => d in dirsOf(files)),
      {
        baseDir: root,
        validate: true,
        ruleSet: { forbidden: config.forbidden },
      },
    );
    const result = output as ICruiseResult;
    return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function dirsOf(files: Record<string, string>): Record<string, true> {
  return Object.fromEntries(Object.keys(files).map((f) => [f.split('/')[0]!, true]));
}

describe('layers on the transitive import graph (.dependency-cruiser.cjs)', () => {
  it('refuses a renderer that reaches a service through the contract, and the contract that imports it', async () => {
    const found = await violations({
      'renderer/screen.ts': "import { x } from '../electron/contract/calls';\nexport const s = x;\n",
      'electron/contract/calls.ts': "import { y } from '../services/rule';\nexport const x = y;\n",
      'electron/services/rule.ts': 'export const y = 1;\n',
    });
    expect(found).toContain('contract-is-pure: electron/contract/calls.ts → electron/services/rule.ts');
    expect(found).toContain('renderer-reaches-contract-only: renderer/screen.ts → electron/services/rule.ts');
  });

  it('refuses a Node built-in below the contract', async () => {
    const found = await violations({
      'renderer/screen.ts': "import { x } from '../electron/contract/calls';\nexport const s = x;\n",
      'electron/contract/calls.ts':
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    });
    expect(found).toEqual(['contract-no-node: electron/contract/calls.ts → fs']);
  });

  it('refuses Electron two hops below a service, and device I/O that reaches the station', async () => {
    const found = await violations({
      'electron/services/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'electron/services/b.ts': "import { app } from 'electron';\nexport const b = app;\n",
      'native/link.ts': "import { a } from '../electron/services/a';\nexport const l = a;\n",
    });
    expect(found).toContain('plain-node-never-electron: electron/services/a.ts → electron');
    expect(found).toContain('native-knows-no-station: native/link.ts → electron/services/a.ts');
  });

  it('accepts a renderer that reaches only the contract and its domain', async () => {
    const found = await violations({
      'renderer/screen.ts': "import { x } from '../electron/contract/calls';\nexport const s = x;\n",
      'electron/contract/calls.ts': "import { codes } from './domain/codes';\nexport const x = codes;\n",
      'electron/contract/domain/codes.ts': "export const codes = ['a'] as const;\n",
    });
    expect(found).toEqual([]);
  });

  it('refuses a service that throws contract errors itself; its handlers and domain errors pass', async () => {
    const found = await violations({
      'electron/services/kyc/rule.ts':
        "import { ContractError } from '../../contract/errors';\nexport const r = ContractError;\n",
      'electron/services/kyc/handlers.ts':
        "import { ContractError } from '../../contract/errors';\nexport const h = ContractError;\n",
      'electron/services/kyc/domain-rule.ts':
        "import { DomainError } from '../../contract/domain/errors';\nexport const d = DomainError;\n",
      'electron/contract/errors.ts': 'export class ContractError {}\n',
      'electron/contract/domain/errors.ts': 'export class DomainError {}\n',
    });
    expect(found).toEqual([
      'services-refuse-in-domain-words: electron/services/kyc/rule.ts → electron/contract/errors.ts',
    ]);
  });
});
