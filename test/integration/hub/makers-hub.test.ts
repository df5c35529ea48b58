/**
 * Terminal makers at the hub (docs/sync.md §10.5), on PostgreSQL and on the embedded PGlite: the
 * maker kinds' contract (two different admins, the station's own maker rules, words in both
 * languages), and an enrolled station that pulls a maker approved at other stations, trusts it
 * instead of its own table, and whose genuine check then accepts that maker's unit.
 */
import { createManufacturerCa, pinnedRoot, type ManufacturerCa } from '../../../native/attestation';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { checkGenuine } from '../../../electron/services/devices/genuine';
import {
  createTrustedMakers,
  type TrustedMakers,
} from '../../../electron/services/devices/makers/trusted-makers';
import { hubMakers, type HubMakers } from '../../../electron/services/sync/hub-makers';
import { PRODUCTION_ROOT_FILE } from '../../../electron/services/devices/genuine/pinned-roots';
import { hubBuiltInRoots } from '../../../server/built-in-roots';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../electron/store/database';
import { checkInput, makeUnit, MapRegistry } from '../../unit/devices/genuine-fixtures';
import { openTestStore } from '../../unit/devices/test-store';
import {
  ENGINES,
  pushOne,
  startHubOnFreshDatabase,
  type HubOnFreshDatabase,
  type TestHub,
  type TestStation,
} from './harness';

const pem = (ca: ManufacturerCa) => ca.root.cert.toString('pem');

/** A station's maker calls over a test station's queue and engine (as StationSync gives them). */
function linkOf(s: TestStation): HubMakers {
  return hubMakers({
    enrolled: true,
    enqueue: (m) => s.queue.enqueue(m),
    answer: async (id) => {
      await s.engine.syncNow();
      return s.queue.get(id)!;
    },
    withdraw: (id) => s.queue.withdraw(id),
    discard: (id) => s.queue.discard(id),
    mirrored: <T>(entity: string) => s.queue.mirrorAll<T>(entity),
  });
}

describe.each(ENGINES)('terminal makers at the hub on %s', (engine) => {
  let fresh: HubOnFreshDatabase;
  let t: TestHub;
  let a: TestStation;
  let b: TestStation;
  let c: TestStation;
  let builtIn: ManufacturerCa;
  let acme: ManufacturerCa;
  let other: ManufacturerCa;

  beforeAll(async () => {
    builtIn = await createManufacturerCa({ withIntermediate: true });
    fresh = await startHubOnFreshDatabase(engine, {
      hub: {
        outboxIntervalMs: 3_600_000,
        // The test's built-in root, and the one the stations ship, read as `hub serve` reads it.
        config: {
          leaseSeconds: 600,
          builtInRoots: [pinnedRoot('test built-in', pem(builtIn)), ...hubBuiltInRoots()],
        },
      },
      operators: [
        ['chen', 'admin'],
        ['zhang', 'admin'],
        ['wang', 'reviewer'],
      ],
    });
    t = fresh.t;
    [a, b, c] = await t.stations('Counter A', 'Counter B', 'Warehouse C');
    acme = await createManufacturerCa({ organisation: 'Acme Terminals', withIntermediate: true });
    other = await createManufacturerCa({ organisation: 'Other Terminals' });
  }, 180_000);
  afterAll(() => fresh?.dispose());

  describe('the maker kinds', () => {
    it('two different admins, the same rules as a station, refusals in both languages', async () => {
      const proposed = await pushOne(a, {
        kind: 'maker.propose',
        operator: 'chen',
        payload: { name: 'Other', rootPem: pem(other), models: ['OT-1'] },
      });
      expect(proposed).toMatchObject({
        state: 'accepted',
        result: { maker: { name: 'Other', status: 'proposed', proposedBy: 'chen', models: ['OT-1'] } },
      });
      const id = (proposed.result as { maker: { id: string } }).maker.id;

      const reviewer = await pushOne(a, { kind: 'maker.approve', operator: 'wang', payload: { id } });
      expect(reviewer).toMatchObject({ state: 'refused', code: 'ROLE_FORBIDDEN' });
      // The proposer cannot approve, from another station either.
      const self = await pushOne(b, { kind: 'maker.approve', operator: 'chen', payload: { id } });
      expect(self).toMatchObject({ state: 'refused', code: 'MAKER_SAME_PERSON' });
      expect(self.messageZh).toContain('另一位管理员');

      const again = await pushOne(b, {
        kind: 'maker.propose',
        operator: 'zhang',
        payload: { name: 'Other again', rootPem: pem(other), models: ['OT-2'] },
      });
      expect(again).toMatchObject({ state: 'refused', code: 'MAKER_ROOT_ALREADY_TRUSTED' });
      const taken = await pushOne(b, {
        kind: 'maker.propose',
        operator: 'zhang',
        payload: { name: 'Acme', rootPem: pem(acme), models: ['OT-1'] },
      });
      expect(taken).toMatchObject({ state: 'refused', code: 'MAKER_MODEL_TAKEN' });
      expect(taken.message).toContain('OT-1');
      const junk = await pushOne(b, {
        kind: 'maker.propose',
        operator: 'zhang',
        payload: { name: 'Junk', rootPem: 'hello', models: ['JK-1'] },
      });
      expect(junk).toMatchObject({ state: 'refused', code: 'MAKER_ROOT_UNREADABLE' });
      expect(junk.messageZh).toMatch(/[\u4e00-\u9fff]/);
      const missing = await pushOne(b, { kind: 'maker.propose', operator: 'zhang', payload: { name: 'X' } });
      expect(missing).toMatchObject({ state: 'refused', code: 'BAD_MUTATION' });
      expect(missing.message).toContain('payload.rootPem');

      const approved = await pushOne(b, { kind: 'maker.approve', operator: 'zhang', payload: { id } });
      expect(approved).toMatchObject({
        state: 'accepted',
        result: { maker: { id, status: 'trusted', approvedBy: 'zhang' } },
      });
      expect(await pushOne(a, { kind: 'maker.approve', operator: 'chen', payload: { id } })).toMatchObject({
        code: 'MAKER_NOT_PROPOSED',
      });
      expect(
        await pushOne(a, {
          kind: 'maker.approve',
          operator: 'chen',
          payload: { id: 'maker-00000000' },
        }),
      ).toMatchObject({ code: 'MAKER_NOT_FOUND' });

      const withdrawn = await pushOne(a, {
        kind: 'maker.withdraw',
        operator: 'chen',
        payload: { id, reason: 'contract ended' },
      });
      expect(withdrawn).toMatchObject({ state: 'accepted', result: { maker: { status: 'withdrawn' } } });
      const [row] = await t.db.query<{ withdrawn_reason: string; proposed_station: string }>(
        'SELECT withdrawn_reason, proposed_station FROM hub_makers WHERE id = $1',
        [id],
      );
      expect(row).toEqual({ withdrawn_reason: 'contract ended', proposed_station: a.identity.stationId });
      // Each step is a change every station pulls, and a record in the deciding station's chain.
      const changes = await t.db.query<{ data: { status: string } }>(
        "SELECT data FROM hub_changes WHERE entity = 'maker' AND key = $1 ORDER BY xid, seq",
        [id],
      );
      expect(changes.map((ch) => ch.data.status)).toEqual(['proposed', 'trusted', 'withdrawn']);
      const audited = await t.db.query<{ action: string; actor: string }>(
        "SELECT action, actor FROM hub_audit WHERE action LIKE 'maker.%' AND details LIKE '%' || $1 || '%' ORDER BY at, seq",
        [id],
      );
      expect(audited.map((r) => [r.action, r.actor])).toEqual([
        ['maker.propose', 'chen'],
        ['maker.approve', 'zhang'],
        ['maker.withdraw', 'chen'],
      ]);
    });
  });

  describe("the stations' built-in root", () => {
    const shipped = readFileSync(
      join(__dirname, '..', '..', '..', 'resources', PRODUCTION_ROOT_FILE),
      'utf8',
    );

    it('is never proposed as a maker: its own code, words in both languages, nothing written', async () => {
      const before = await t.db.query('SELECT id FROM hub_makers');
      for (const rootPem of [pem(builtIn), shipped]) {
        const answer = await pushOne(a, {
          kind: 'maker.propose',
          operator: 'chen',
          payload: { name: 'Ourselves', rootPem, models: ['BI-1'] },
        });
        expect(answer).toMatchObject({ state: 'refused', code: 'MAKER_ROOT_BUILT_IN' });
        expect(answer.message).toContain('built-in root');
        expect(answer.messageZh).toContain('内置');
      }
      expect(await t.db.query('SELECT id FROM hub_makers')).toEqual(before);
      // At a station it is the same refusal a standalone station gives, on the root field.
      await expect(
        linkOf(b).propose('zhang', { name: 'Ourselves', rootPem: pem(builtIn), models: ['BI-2'] }),
      ).rejects.toMatchObject({ code: 'root_built_in', reason: 'makers.root_built_in', field: 'rootPem' });
    });

    it('a proposal of it made before the hub knew it as built in is not approved', async () => {
      // As an older hub (or one started with another --built-in-roots) would have written it.
      const fingerprint = pinnedRoot('x', pem(builtIn)).cert.fingerprint256.replace(/:/g, '').toLowerCase();
      await t.db.query(
        `INSERT INTO hub_makers (id, name, root_pem, root_fingerprint, models, status, proposed_by, proposed_station)
         VALUES ('maker-0b0b0b0b', 'Old proposal', $1, $2, '["OP-1"]', 'proposed', 'chen', $3)`,
        [pem(builtIn), fingerprint, a.identity.stationId],
      );
      const answer = await pushOne(b, {
        kind: 'maker.approve',
        operator: 'zhang',
        payload: { id: 'maker-0b0b0b0b' },
      });
      expect(answer).toMatchObject({ state: 'refused', code: 'MAKER_ROOT_BUILT_IN' });
      const [row] = await t.db.query<{ status: string }>(
        "SELECT status FROM hub_makers WHERE id = 'maker-0b0b0b0b'",
      );
      expect(row!.status).toBe('proposed');
      expect(await t.db.query("SELECT 1 FROM hub_changes WHERE key = 'maker-0b0b0b0b'")).toEqual([]);
      await t.db.query("DELETE FROM hub_makers WHERE id = 'maker-0b0b0b0b'");
    });
  });

  describe('an enrolled station', () => {
    let db: Db;
    let atC: TrustedMakers;
    const builtInRoots = () => [
      pinnedRoot('production', pem(builtIn), { name: 'POS Station Manufacturer', models: null }),
    ];

    beforeAll(() => {
      db = openTestStore();
      const audit = createAuditLog(db, { now: () => Date.now() });
      const local = createTrustedMakers({ db, audit, clock: { now: () => Date.now() }, builtInRoots });
      // Before enrolment this station trusted a maker of its own (two local admins).
      const mine = local.propose('local-a', { name: 'Local', rootPem: pem(other), models: ['LC-1'] });
      local.approve('local-b', mine.id);
      expect(local.roots()).toHaveLength(1);
      const link = linkOf(c);
      atC = createTrustedMakers({
        db,
        audit,
        clock: { now: () => Date.now() },
        builtInRoots,
        hubSet: () => link.set(),
      });
    });
    afterAll(() => db.close());

    const verdict = async (ca: ManufacturerCa, serial: string, model: string) => {
      const unit = await makeUnit(ca, serial);
      const input = checkInput(
        unit,
        [...builtInRoots(), ...atC.roots()],
        new MapRegistry().register(unit, { model }),
      );
      return checkGenuine({ ...input, identity: { ...input.identity, model } });
    };

    it("trusts the hub's set instead of its own, and changes makers only at the hub", async () => {
      await c.engine.syncNow();
      // The local maker is not the hub's: no longer trusted here; its unit is refused.
      expect(atC.list().map((m) => m.name)).toEqual(['Other']);
      expect(atC.roots()).toEqual([]);
      expect((await verdict(other, 'LC00000001', 'LC-1')).code).toBe('chain_untrusted');
      expect(() => atC.propose('local-a', { name: 'Acme', rootPem: pem(acme), models: ['AC-1'] })).toThrow(
        expect.objectContaining({ reason: 'makers.at_hub' }),
      );
    });

    it("pulls a maker two admins approved at other stations; its genuine check accepts that maker's unit", async () => {
      const atA = linkOf(a);
      const atB = linkOf(b);
      const proposed = await atA.propose('chen', { name: 'Acme', rootPem: pem(acme), models: ['AC-1'] });
      expect(proposed.status).toBe('proposed');
      await expect(atA.approve('chen', proposed.id)).rejects.toMatchObject({
        code: 'same_person',
        reason: 'makers.same_person',
      });
      await c.engine.syncNow();
      expect((await verdict(acme, 'AC00000001', 'AC-1')).code).toBe('chain_untrusted');

      expect(await atB.approve('zhang', proposed.id)).toMatchObject({
        status: 'trusted',
        approvedBy: 'zhang',
      });
      await c.engine.syncNow();
      expect(atC.list().find((m) => m.id === proposed.id)).toMatchObject({ status: 'trusted' });
      expect(await verdict(acme, 'AC00000002', 'AC-1')).toMatchObject({ genuine: true, maker: 'Acme' });
      // The model rule holds for a pulled maker too: Acme may not pass for the built-in maker's model.
      expect((await verdict(acme, 'AC00000003', 'PS-M1')).code).toBe('maker_model_not_allowed');

      await atB.withdraw('zhang', proposed.id, 'keys leaked');
      await c.engine.syncNow();
      expect((await verdict(acme, 'AC00000004', 'AC-1')).code).toBe('chain_untrusted');
    });

    it('a hub refusal comes back as the same maker refusal a standalone station gives', async () => {
      const attention = b.queue.counts().attention;
      const third = await createManufacturerCa({ organisation: 'Third Terminals' });
      // AC-1's maker was withdrawn: the model is free again.
      await expect(
        linkOf(a).propose('chen', { name: 'Third', rootPem: pem(third), models: ['AC-1'] }),
      ).resolves.toMatchObject({ status: 'proposed' });
      await expect(
        linkOf(b).propose('zhang', { name: 'Dup', rootPem: pem(third), models: ['DP-1'] }),
      ).rejects.toMatchObject({ code: 'root_already_trusted', field: 'rootPem' });
      // Nothing of a refused or answered change waits in the attention list.
      expect(b.queue.counts().attention).toBe(attention);
    });
  });
});
