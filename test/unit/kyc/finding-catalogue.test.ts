import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const checksDir = join(__dirname, '../../../electron/services/kyc/checks');
const doc = readFileSync(join(__dirname, '../../../docs/application-bundle.md'), 'utf8');

describe('finding catalogue', () => {
  it('documents every finding code the checks can emit', () => {
    const source = readdirSync(checksDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(checksDir, f), 'utf8'))
      .join('\n');
    const emitted = [...source.matchAll(/finding\(\s*'([a-z0-9_.]+)'/g)].map((m) => m[1] as string);
    expect(emitted.length).toBeGreaterThan(50);
    expect([...new Set(emitted)].filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });
});
