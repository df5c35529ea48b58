import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../../electron/contract/domain/kyc/reason-codes';

const USE_WORDS = { reject: 'reject', request_info: 'request info', document: 'document' } as const;

describe('docs/review-reason-codes.md', () => {
  const doc = readFileSync('docs/review-reason-codes.md', 'utf8');
  const rows = [...doc.matchAll(/^\| `([a-z_]+)` \| (.+?) \| (.+?) \| (.+?) \|$/gm)].map((m) => ({
    code: m[1],
    zh: m[2],
    en: m[3],
    use: m[4],
  }));

  it('lists exactly the codes the station accepts, with the same texts and uses', () => {
    expect(rows).toEqual(
      REASON_CODES.map((r) => ({
        code: r.code,
        zh: r.zh,
        en: r.en,
        use: r.use.map((u) => USE_WORDS[u]).join(', '),
      })),
    );
  });

  it('has unique codes, each usable somewhere', () => {
    expect(new Set(REASON_CODES.map((r) => r.code)).size).toBe(REASON_CODES.length);
    for (const r of REASON_CODES) expect(r.use.length).toBeGreaterThan(0);
  });
});
