import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { fixedMutationId } from '../../../electron/services/sync/fixed-mutation-id';
import { SyncQueue } from '../../../electron/services/sync/queue';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sync-queue-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const freeze = (serial: string) => ({
  kind: 'device.freeze',
  operator: 'sun',
  payload: { serial, reason: 'lost' },
});

describe('station sync queue', () => {
  it('a mutation with a fixed id is queued once, whatever became of it; its retry is a new mutation', () => {
    const file = join(dir, 'sync.sqlite');
    const q1 = new SyncQueue(file);
    const fixed = { ...freeze('SN-9'), id: fixedMutationId('device.freeze:SN-9:1') };
    const first = q1.enqueue(fixed);
    expect(q1.enqueue(fixed).id).toBe(first.id);
    expect(q1.enqueue({ ...freeze('SN-9'), id: fixedMutationId('device.freeze:SN-9:2') }).id).not.toBe(
      first.id,
    );
    expect(q1.enqueue(freeze('SN-9')).id).not.toBe(first.id); // no fixed id: always queued
    q1.recordAnswers([{ id: first.id, status: 'refused', code: 'X', message: 'no', messageZh: '不' }]);
    const retried = q1.retry(first.id);
    expect(retried.id).not.toBe(first.id);
    q1.close();
    // After a restart, the discarded mutation still holds its id: the step is not queued again.
    const q2 = new SyncQueue(file);
    expect(q2.enqueue(fixed)).toMatchObject({ id: first.id, state: 'discarded' });
    expect(q2.get(retried.id)).toMatchObject({ state: 'pending', payload: fixed.payload });
    expect(q2.pending(10)).toHaveLength(3);
    q2.close();
  });

  it('keeps pending mutations, in order, across a restart', () => {
    const file = join(dir, 'sync.sqlite');
    const q1 = new SyncQueue(file);
    const ids = ['SN-1', 'SN-2', 'SN-3'].map((s) => q1.enqueue(freeze(s)).id);
    q1.close();
    const q2 = new SyncQueue(file);
    expect(q2.pending(10).map((m) => m.id)).toEqual(ids);
    expect(q2.pending(10)[1]).toMatchObject({
      kind: 'device.freeze',
      payload: { serial: 'SN-2' },
      state: 'pending',
    });
    q2.close();
  });

  it('records answers: accepted leaves, refused goes to attention, retry stays pending', () => {
    const q = new SyncQueue(join(dir, 'sync.sqlite'));
    const [a, b, c] = ['SN-1', 'SN-2', 'SN-3'].map((s) => q.enqueue(freeze(s)));
    q.recordAnswers([
      { id: a!.id, status: 'accepted', result: { ok: true } },
      { id: b!.id, status: 'refused', code: 'ROLE_FORBIDDEN', message: 'no', messageZh: '无权' },
      { id: c!.id, status: 'retry' },
    ]);
    expect(q.counts()).toEqual({ pending: 1, attention: 1 });
    expect(q.get(a!.id)).toMatchObject({ state: 'accepted', result: { ok: true } });
    expect(q.attention()).toEqual([
      expect.objectContaining({ id: b!.id, code: 'ROLE_FORBIDDEN', messageZh: '无权' }),
    ]);
    // A late duplicate answer does not move an answered mutation back.
    q.recordAnswers([{ id: b!.id, status: 'accepted' }]);
    expect(q.get(b!.id)!.state).toBe('refused');
    q.close();
  });

  it('retry makes a new mutation with the same content; discard closes one; neither works off the list', () => {
    const q = new SyncQueue(join(dir, 'sync.sqlite'));
    const m = q.enqueue(freeze('SN-9'));
    expect(() => q.retry(m.id)).toThrow(/not in the attention list/);
    q.recordAnswers([{ id: m.id, status: 'refused', code: 'X', message: 'x', messageZh: 'x' }]);
    const again = q.retry(m.id);
    expect(again.id).not.toBe(m.id);
    expect(again).toMatchObject({ state: 'pending', payload: m.payload, kind: m.kind, operator: m.operator });
    expect(q.get(m.id)!.state).toBe('discarded');
    q.recordAnswers([{ id: again.id, status: 'refused', code: 'X', message: 'x', messageZh: 'x' }]);
    q.discard(again.id);
    expect(q.counts()).toEqual({ pending: 0, attention: 0 });
    q.close();
  });

  it("a case's own mutations that stand, newest first (not discarded, not other kinds or cases); a retry may carry a new basis", () => {
    const q = new SyncQueue(join(dir, 'sync.sqlite'));
    const kinds = ['review.decide', 'application.resubmit'];
    const about = (kind: string, caseId: string, token: number) =>
      q.enqueue({ kind, operator: 'wang', payload: { caseId, outcome: 'reject' }, basis: { token } });
    const decided = about('review.decide', 'C1', 3);
    about('claim.take', 'C1', 0);
    about('review.decide', 'C2', 5);
    const corrected = about('application.resubmit', 'C1', 3);
    q.recordAnswers([
      { id: decided.id, status: 'accepted' },
      { id: corrected.id, status: 'refused', code: 'RESUBMISSION_STALE', message: 'x', messageZh: 'x' },
    ]);
    expect(q.aboutCase(kinds, 'C1').map((m) => [m.id, m.state])).toEqual([
      [corrected.id, 'refused'],
      [decided.id, 'accepted'],
    ]);
    const rebased = q.retry(corrected.id, { token: 4 });
    expect(rebased).toMatchObject({ kind: 'application.resubmit', basis: { token: 4 }, state: 'pending' });
    expect(q.aboutCase(kinds, 'C1').map((m) => m.id)).toEqual([rebased.id, decided.id]);
    q.close();
  });

  it('applies a pulled page and its cursor together', () => {
    const q = new SyncQueue(join(dir, 'sync.sqlite'));
    expect(q.cursor()).toBe('0:0');
    q.applyPage(
      [
        { entity: 'device', key: 'SN-1', data: { status: 'frozen' } },
        { entity: 'device', key: 'SN-1', data: { status: 'active' } },
      ],
      '900:12',
    );
    expect(q.cursor()).toBe('900:12');
    expect(q.mirror('device', 'SN-1')).toEqual({ status: 'active' });
    expect(() => q.applyPage([{ entity: 'device', key: 'SN-2', data: undefined }], '901:1')).toThrow();
    expect(q.cursor()).toBe('900:12');
    expect(q.mirror('device', 'SN-2')).toBeNull();
    q.close();
  });

  it('keeps the state with the highest hub seq, in a page or across pages, and runs appliers only for it', () => {
    const q = new SyncQueue(join(dir, 'sync.sqlite'));
    const applied: unknown[] = [];
    q.onApply('device', (_db, c) => applied.push(c.data));
    const moved = q.applyPage(
      [
        { entity: 'device', key: 'SN-1', data: { status: 'active' }, seq: '12' },
        { entity: 'device', key: 'SN-1', data: { status: 'frozen' }, seq: '11' },
        { entity: 'device', key: 'SN-2', data: { status: 'frozen' }, seq: '9' },
      ],
      '900:12',
    );
    expect(moved.map((c) => c.seq)).toEqual(['12', '9']);
    expect(q.mirror('device', 'SN-1')).toEqual({ status: 'active' });
    // Numbers, not text: '100' is after '99'.
    expect(
      q.applyPage([{ entity: 'device', key: 'SN-2', data: { status: 'active' }, seq: '100' }], '901:1'),
    ).toHaveLength(1);
    expect(
      q.applyPage([{ entity: 'device', key: 'SN-2', data: { status: 'frozen' }, seq: '99' }], '902:1'),
    ).toEqual([]);
    expect(q.mirror('device', 'SN-2')).toEqual({ status: 'active' });
    expect(applied).toEqual([{ status: 'active' }, { status: 'frozen' }, { status: 'active' }]);
    expect(q.cursor()).toBe('902:1'); // a page of stale changes still moves the cursor
    q.close();
  });

  it('a state mirrored without a seq (a hub that sent none, or a file from before) gives way to a change with one', () => {
    const file = join(dir, 'sync.sqlite');
    const q1 = new SyncQueue(file);
    q1.applyPage([{ entity: 'device', key: 'SN-1', data: { status: 'frozen' } }], '900:1');
    q1.close();
    const q2 = new SyncQueue(file);
    q2.applyPage([{ entity: 'device', key: 'SN-1', data: { status: 'active' }, seq: '3' }], '901:1');
    expect(q2.mirror('device', 'SN-1')).toEqual({ status: 'active' });
    q2.close();
  });
});

describe('a mutation with a fixed id', () => {
  it('is queued once however often it is handed over, and keeps its first answer', () => {
    const q = new SyncQueue(join(dir, 'sync.sqlite'));
    const id = fixedMutationId('device.freeze:1:SN-1:2026-12-04T09:00:00+08:00');
    const first = q.enqueue({ id, ...freeze('SN-1') });
    q.recordAnswers([{ id, status: 'accepted', result: null }]);
    const again = q.enqueue({ id, ...freeze('SN-1') });
    expect(again).toMatchObject({ id: first.id, state: 'accepted' });
    expect(q.counts()).toEqual({ pending: 0, attention: 0 });
    expect(q.sqlite.prepare('SELECT count(*) FROM sync_mutations').pluck().get()).toBe(1);
    q.close();
  });

  it('follows from its key alone, and is a UUID the hub accepts', () => {
    const id = fixedMutationId('run:abc:evidence');
    expect(fixedMutationId('run:abc:evidence')).toBe(id);
    expect(fixedMutationId('run:abc:shipment')).not.toBe(id);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id[14]).toBe('8');
  });
});
