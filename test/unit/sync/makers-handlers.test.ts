import { createManufacturerCa, type ManufacturerCa } from '../../../native/attestation';
import type { CallContext } from '../../../electron/contract/context';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { createMakersHandlers } from '../../../electron/services/devices/makers/handlers';
import {
  createTrustedMakers,
  type MakerView,
} from '../../../electron/services/devices/makers/trusted-makers';
import { hubMakers, type MakersLink } from '../../../electron/services/sync/hub-makers';
import type { NewMutation, QueuedMutation } from '../../../electron/services/sync/queue';
import type { Db } from '../../../electron/store/database';
import { openTestStore } from '../devices/test-store';

/**
 * The makers calls on a station (docs/sync.md §10.5): standalone, its own table; enrolled, a
 * mutation the hub decides while the admin waits — here a scripted hub link — and nothing local.
 */
let db: Db;
let acme: ManufacturerCa;
const ctx = (username: string): CallContext => ({
  operator: { username, role: 'admin' } as CallContext['operator'],
  sessionId: 's1',
  via: 'ipc',
});

beforeAll(async () => {
  acme = await createManufacturerCa({ organisation: 'Acme Terminals' });
});
beforeEach(() => {
  db = openTestStore();
});
afterEach(() => db.close());

/** A hub link whose answer to each mutation is scripted; records what was sent. */
function scriptedLink(enrolled: boolean, answer: (m: NewMutation) => Partial<QueuedMutation>) {
  const sent: NewMutation[] = [];
  const states = new Map<string, string>();
  const byId = new Map<string, QueuedMutation>();
  const link: MakersLink = {
    enrolled,
    enqueue: (m) => {
      const q = { id: `m${sent.length}`, state: 'pending', ...m } as unknown as QueuedMutation;
      sent.push(m);
      byId.set(q.id, { ...q, ...answer(m) } as QueuedMutation);
      return q;
    },
    answer: (id) => Promise.resolve(byId.get(id)!),
    withdraw: (id) => void states.set(id, 'withdrawn'),
    discard: (id) => void states.set(id, 'discarded'),
    mirrored: <T>() => [] as T[],
  };
  return { link, sent, states };
}

const handlersWith = (link: MakersLink) => {
  const hub = hubMakers(link);
  const makers = createTrustedMakers({
    db,
    audit: createAuditLog(db, { now: () => Date.now() }),
    clock: { now: () => Date.now() },
    builtInRoots: () => [],
    hubSet: () => hub.set(),
  });
  return createMakersHandlers(makers, hub);
};

const localCount = () => db.prepare('SELECT count(*) FROM trusted_makers').pluck().get();

it('standalone: the station decides in its own table', async () => {
  const { link, sent } = scriptedLink(false, () => ({}));
  const h = handlersWith(link);
  const { maker } = await h['makers.propose'](
    { name: 'Acme', rootPem: acme.root.cert.toString('pem'), models: ['AC-1'] },
    ctx('chen'),
  );
  expect(maker.status).toBe('proposed');
  expect(sent).toEqual([]);
  expect(localCount()).toBe(1);
});

it('enrolled: proposing is a maker.propose the hub answers; nothing is written locally', async () => {
  const fromHub = { id: 'maker-01020304', name: 'Acme', status: 'proposed' } as MakerView;
  const { link, sent } = scriptedLink(true, () => ({ state: 'accepted', result: { maker: fromHub } }));
  const h = handlersWith(link);
  const { maker } = await h['makers.propose'](
    { name: 'Acme', rootPem: acme.root.cert.toString('pem'), models: ['AC-1'] },
    ctx('chen'),
  );
  expect(maker).toBe(fromHub);
  expect(sent).toMatchObject([
    { kind: 'maker.propose', operator: 'chen', payload: { name: 'Acme', models: ['AC-1'] } },
  ]);
  expect(localCount()).toBe(0);
});

it('enrolled: a refusal is the station maker refusal (no attention item); offline nothing stays queued', async () => {
  const refused = scriptedLink(true, () => ({
    state: 'refused',
    code: 'MAKER_SAME_PERSON',
    message: 'chen proposed maker Acme: a second administrator must approve it.',
  }));
  await expect(
    handlersWith(refused.link)['makers.approve']({ id: 'maker-01020304' }, ctx('chen')),
  ).rejects.toMatchObject({ code: 'same_person', reason: 'makers.same_person' });
  expect(refused.states.get('m0')).toBe('discarded');

  const offline = scriptedLink(true, () => ({ state: 'pending' }));
  await expect(
    handlersWith(offline.link)['makers.withdraw']({ id: 'maker-01020304', reason: 'x' }, ctx('chen')),
  ).rejects.toMatchObject({ refusal: 'unavailable', reason: 'makers.hub_offline' });
  expect(offline.states.get('m0')).toBe('withdrawn');
});
