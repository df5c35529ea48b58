/**
 * The hub keeps the station's rule for lifting a freeze (docs/sync.md §7): a second person must,
 * and of the second person's roles (SUPPORT_SECOND_PERSON_ROLES: the support lead or an admin) —
 * the operator who froze a unit is refused, a support operator is refused, a support lead is
 * accepted. Real PostgreSQL.
 */
import { pushOne, startHubOnFreshDatabase, type HubOnFreshDatabase, type TestHub } from './harness';

let fresh: HubOnFreshDatabase;
let t: TestHub;

beforeAll(async () => {
  fresh = await startHubOnFreshDatabase('postgres', {
    operators: [
      ['sun', 'support'],
      ['zhao', 'support'],
      ['qian', 'support_lead'],
      ['lead2', 'support_lead'],
    ],
  });
  t = fresh.t;
}, 60_000);
afterAll(() => fresh?.dispose());

it('support freezes; neither the one who froze nor another support operator lifts it; a support lead does', async () => {
  const a = await t.station('Counter A');
  const serial = 'PS1000000077';
  await pushOne(a, { kind: 'device.freeze', operator: 'sun', payload: { serial, reason: 'lost' } });
  const same = await pushOne(a, { kind: 'device.unfreeze', operator: 'sun', payload: { serial } });
  expect(same).toMatchObject({ state: 'refused', code: 'ROLE_FORBIDDEN' });
  const support = await pushOne(a, { kind: 'device.unfreeze', operator: 'zhao', payload: { serial } });
  expect(support).toMatchObject({ state: 'refused', code: 'ROLE_FORBIDDEN' });
  expect(support.messageZh).toContain('support');
  const lead = await pushOne(a, { kind: 'device.unfreeze', operator: 'qian', payload: { serial } });
  expect(lead).toMatchObject({ state: 'accepted', result: { status: 'active', changedBy: 'qian' } });
});

it('a support lead who froze a unit cannot lift it; another support lead can', async () => {
  const a = await t.station('Counter B');
  const serial = 'PS1000000078';
  const frozen = await pushOne(a, {
    kind: 'device.freeze',
    operator: 'qian',
    payload: { serial, reason: 'stolen' },
  });
  expect(frozen).toMatchObject({ state: 'accepted' });
  const same = await pushOne(a, { kind: 'device.unfreeze', operator: 'qian', payload: { serial } });
  expect(same).toMatchObject({ state: 'refused', code: 'DEVICE_UNFREEZE_SAME_PERSON' });
  expect(same.messageZh).toContain('由 qian 冻结');
  const other = await pushOne(a, { kind: 'device.unfreeze', operator: 'lead2', payload: { serial } });
  expect(other).toMatchObject({ state: 'accepted', result: { status: 'active', changedBy: 'lead2' } });
});
