import { createHmac } from 'node:crypto';
import { shanghaiIso } from '../../electron/services/audit/clock';
import type { Application } from '../../electron/contract/domain/kyc/application';
import { sealApplication } from '../../electron/services/kyc/store/case-rows';
import type { KycContext } from '../../electron/services/kyc/store/context';
import { dueAt } from '../../electron/services/kyc/workflow/sla';
import type { CaseState } from '../../electron/contract/domain/kyc/case-states';

const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴', '欧阳'];
const GIVEN = ['*', '*三', '*伟', '*芳', '*明', '**'];

/** Roughly a working station: most cases closed, a tenth waiting, some in review. */
const STATE_MIX: readonly [CaseState, number][] = [
  ['submitted', 0.12],
  ['resubmitted', 0.03],
  ['in_review', 0.02],
  ['awaiting_second_approval', 0.005],
  ['approved', 0.6],
  ['rejected', 0.15],
  ['info_requested', 0.075],
];

let seed = 20_261_125;
function rnd(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
function pick<T>(items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}
function pickState(): CaseState {
  let r = rnd();
  for (const [state, share] of STATE_MIX) {
    if (r < share) return state;
    r -= share;
  }
  return 'approved';
}

/**
 * Fills the store with `count` applications straight into the tables (rows as intake writes
 * them: masked fields, a sealed generated application, identity hashes, a few findings) — importing 100,000
 * bundles with documents would take the better part of an hour and measure the generator.
 */
export function seedApplications(
  ctx: KycContext,
  count: number,
  nowMs: number,
  templates: readonly Application[],
): void {
  const insertApp = ctx.db.prepare(
    `INSERT INTO kyc_applications (id, state, channel, submission, first_submitted_at, submitted_at, due_at, risk,
       assignee_id, assignee_name, lease_expires_at, first_approver_id, claimed_from, name_masked, id_masked,
       card_masked, phone_masked, address_masked, content_sha256, sealed_application, version, updated_at)
     VALUES (?, ?, 'app', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const insertKey = ctx.db.prepare(
    'INSERT INTO kyc_identity_keys (application_id, key, hash, applicant_hash) VALUES (?, ?, ?, ?)',
  );
  const insertFinding = ctx.db.prepare(
    "INSERT INTO kyc_findings (application_id, submission, code, severity, message_zh, message_en, evidence) VALUES (?, 1, ?, 'info', '通过', 'passed', '{}')",
  );
  const hash = (key: string, value: string) =>
    createHmac('sha256', 'bench').update(`${key}\0${value}`).digest('hex');
  const now = shanghaiIso(nowMs);
  const dayMs = 86_400_000;
  const batch = ctx.db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = `B${String(i).padStart(7, '0')}`;
      const state = pickState();
      // Open cases were submitted in the last two weeks; closed ones over the last year.
      const ageDays = ['approved', 'rejected', 'info_requested'].includes(state) ? rnd() * 360 : rnd() * 14;
      const submitted = shanghaiIso(nowMs - ageDays * dayMs);
      const held = state === 'in_review' || (state === 'awaiting_second_approval' && rnd() < 0.5);
      const reviewer = `reviewer${Math.floor(rnd() * 20)}`;
      const riskRoll = rnd();
      const risk = riskRoll < 0.1 ? 'high' : riskRoll < 0.3 ? 'medium' : 'low';
      insertApp.run(
        id,
        state,
        submitted,
        submitted,
        dueAt(submitted),
        risk,
        held ? reviewer : null,
        held ? reviewer.toUpperCase() : null,
        held ? shanghaiIso(nowMs + (rnd() - 0.3) * 1_800_000) : null,
        state === 'awaiting_second_approval' ? 'reviewer0' : null,
        state === 'in_review' ? 'submitted' : null,
        pick(SURNAMES) + pick(GIVEN),
        `110***********${String(i % 10_000).padStart(4, '0')}`,
        `622202*********${String(i % 10_000).padStart(4, '0')}`,
        `139****${String(i % 10_000).padStart(4, '0')}`,
        '北京市朝阳区********',
        hash('content', id),
        sealApplication(ctx.secrets, { ...templates[i % templates.length]!, applicationId: id }),
        now,
      );
      const person = hash('id_number', String(i));
      for (const [key, value] of [
        ['id_number', String(i)],
        ['card_number', String(i)],
        ['phone', String(i % 90_000)],
        ['address', String(i)],
      ] as const) {
        insertKey.run(id, key, hash(key, value), person);
      }
      for (const code of ['doc.complete', 'id.checksum.ok', 'card.type.debit']) insertFinding.run(id, code);
    }
  });
  for (let from = 0; from < count; from += 5_000) batch(from, Math.min(count, from + 5_000));
  ctx.db.pragma('optimize');
}
