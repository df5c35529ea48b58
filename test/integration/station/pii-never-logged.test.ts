import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStation, type SessionSlot, type Station } from '../../../electron/services/station/station';
import { createFileLogger } from '../../../electron/services/station/logger';
import { generateBundle } from '../../../electron/services/kyc/bundle/generator/generate-bundle';
import { filesUnder } from './files-under';

interface RawApplication {
  applicant: { idNumber: string; phone: string; name: string };
  settlementCard: { number: string };
}

// Issue 4: ID, card and phone numbers and full names never reach a log, the audit trail or the store in the clear,
// whatever a reviewer does — including revealing a number, which is itself audited.
describe('PII in logs and at rest', () => {
  let station: Station;
  let dataDir: string;
  const raw: string[] = [];
  const names: string[] = [];
  const slot: SessionSlot = { token: null };

  const call = async (name: string, input: unknown) => {
    const envelope = await station.invoke(name, input, slot, 'host');
    if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
    return envelope.value as Record<string, unknown>;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pii-'));
    station = await createStation({
      dataDir,
      demo: false,
      shell: 'browser',
      version: 'test',
      log: createFileLogger(dataDir),
    });
    const bundle = join(dataDir, 'incoming');
    generateBundle({ count: 12, outDir: bundle, seed: 7, badRate: 0.5, reviewDate: '2026-11-20' });
    for (const entry of readdirSync(join(bundle, 'applications'))) {
      const app = JSON.parse(
        readFileSync(join(bundle, 'applications', entry, 'application.json'), 'utf8'),
      ) as RawApplication;
      raw.push(app.applicant.idNumber, app.applicant.phone, app.settlementCard.number.replace(/[\s-]/g, ''));
      names.push(app.applicant.name);
    }
    await station.accounts.addUser(
      {
        username: 'reviewer9',
        displayName: 'Reviewer',
        role: 'senior_reviewer',
        password: 'long-enough-pass-9',
        mustChangePassword: false,
      },
      'test',
    );
    await call('session.signIn', { username: 'reviewer9', password: 'long-enough-pass-9' });
    await call('kyc.importBundle', { path: bundle });
    // A wrong path fails and is logged; its message must not drag numbers along either.
    await station.invoke('kyc.importBundle', { path: join(dataDir, 'missing') }, slot, 'host');
    const claimed = (await call('kyc.claimNext', {})).claimed as { applicationId: string };
    const revealed = await call('kyc.reveal', { applicationId: claimed.applicationId, field: 'id_number' });
    expect(raw).toContain(
      String(Object.values(revealed).find((v) => typeof v === 'string' && /\d{15}/.test(v))),
    );
    await call('kyc.case', { applicationId: claimed.applicationId });
    await call('kyc.reject', {
      applicationId: claimed.applicationId,
      reasonCodes: ['business_proof_insufficient'],
    });
    await station.close();
  });

  it('generated real numbers and names to look for', () => {
    expect(raw.length).toBe(36);
    expect(names).toHaveLength(12);
    expect(names.every((n) => /^[\u4e00-\u9fff]{2,4}$/.test(n))).toBe(true);
    expect(raw.every((n) => /^\d{10,19}X?$/.test(n))).toBe(true);
  });

  it('keeps them out of every log file, the SQLite file and its WAL', () => {
    const files = filesUnder(dataDir).filter((f) => !f.includes(`${join(dataDir, 'incoming')}`));
    expect(files.some((f) => f.endsWith('station.log'))).toBe(true);
    expect(files.some((f) => f.endsWith('station.sqlite'))).toBe(true);
    for (const file of files) {
      const text = readFileSync(file).toString('latin1');
      for (const number of raw) expect(text.includes(number), `${number} found in ${file}`).toBe(false);
      // Names are stored masked (张*三) and sealed whole; a full name in the clear is a leak too.
      for (const name of names) {
        const bytes = Buffer.from(name, 'utf8').toString('latin1');
        expect(text.includes(bytes), `the name ${name} found in ${file}`).toBe(false);
      }
    }
  });
});
