/**
 * Two stations on a fresh hub on PostgreSQL, assembled by createStation exactly as the app does,
 * each behind a link the test cuts and restores; the reviewers zhou, wang, li (reviewer) and sun
 * (senior reviewer) enrolled at the hub with `<name>-secret-pass`. For the station-level hub tests
 * of the KYC store (station-kyc, station-review-copy).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../electron/services/station/logger';
import { createStation, type SessionSlot, type Station } from '../../../electron/services/station/station';
import { enrol } from '../../../electron/services/sync/identity';
import { identityStore } from '../../../electron/services/sync/identity-store';
import { createEnrolmentCode, upsertOperator } from '../../../server/admin';
import { LinkProxy } from './link-proxy';
import {
  createTestDatabase,
  FAST_SCRYPT,
  setHubPassword,
  startTestHub,
  type TestDatabase,
  type TestHub,
} from './harness';

export interface Site {
  /** Replaced when the test restarts the station on its data. */
  station: Station;
  readonly dataDir: string;
  /** The station's link to the hub, which the test cuts (offline) and restores. */
  readonly link: LinkProxy;
}

export interface TwoSites {
  readonly tdb: TestDatabase;
  readonly t: TestHub;
  readonly a: Site;
  readonly b: Site;
  dispose(): Promise<void>;
}

export const openStation = (dataDir: string) =>
  createStation({
    dataDir,
    demo: false,
    shell: 'browser',
    version: 'test',
    log: silentLogger,
    scrypt: FAST_SCRYPT,
  });

async function openSite(t: TestHub, name: string): Promise<Site> {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-site-'));
  const link = new LinkProxy(Number(new URL(t.hub.url).port));
  await link.listen();
  await identityStore(dataDir).save(await enrol(link.url, await createEnrolmentCode(t.db, t.pki, name)));
  return { station: await openStation(dataDir), dataDir, link };
}

export async function startTwoSites(nameA: string, nameB: string): Promise<TwoSites> {
  const tdb = await createTestDatabase('postgres');
  const t = await startTestHub(tdb.db);
  for (const [name, role] of [
    ['zhou', 'reviewer'],
    ['wang', 'reviewer'],
    ['li', 'reviewer'],
    ['sun', 'senior_reviewer'],
  ] as const) {
    await upsertOperator(t.db, name, `Operator ${name}`, role);
    await setHubPassword(t.db, name, `${name}-secret-pass`);
  }
  const a = await openSite(t, nameA);
  const b = await openSite(t, nameB);
  await a.station.sync.syncNow();
  await b.station.sync.syncNow();
  return {
    tdb,
    t,
    a,
    b,
    async dispose() {
      for (const s of [a, b]) {
        await s.station.close();
        await s.link.close();
        rmSync(s.dataDir, { recursive: true, force: true });
      }
      await t.dispose();
      await tdb.dispose();
    },
  };
}

export const invoke = (site: Site, slot: SessionSlot, name: string, input: unknown) =>
  site.station.invoke(name, input, slot, 'host');

export async function ok<T>(site: Site, slot: SessionSlot, name: string, input: unknown): Promise<T> {
  const envelope = await invoke(site, slot, name, input);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.reason ?? ''} ${envelope.error.message}`);
  return envelope.value as T;
}

export async function signIn(site: Site, username: string): Promise<SessionSlot> {
  const slot: SessionSlot = { token: null };
  await ok(site, slot, 'session.signIn', { username, password: `${username}-secret-pass` });
  return slot;
}

/** Rounds until `done` holds: a change reaches a pull once no older transaction on the server is open. */
export async function syncUntil(site: Site, done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 20_000; !done() && Date.now() < deadline;)
    await site.station.sync.syncNow();
  expect(done()).toBe(true);
}
