import { stationIdOf } from './station-id';
import { join } from 'node:path';
import { createDispatcher, type HandlerTable } from '../../contract/dispatch';
import type { CallContext, Operator } from '../../contract/context';
import type { Envelope } from '../../contract/errors';
import { contractCalls } from '../../contract';
import type { HandlersFor } from '../../contract/handler';
import type { stationCalls } from '../../contract/station';
import { openDatabase, type Db } from '../../store/database';
import { privateDataDir } from '../../store/permissions';
import { createAuditLog, ensureKeyedChain, type AuditLog } from '../audit/audit-log';
import { bindAuditKey } from '../audit/audit-key';
import { createAdminHandlers } from '../audit/handlers';
import { shanghaiIso, systemClock, type Clock } from '../audit/clock';
import { createAccounts, type Accounts } from '../accounts/accounts';
import { createSessionHandlers, withTokenCapture } from '../accounts/handlers';
import { createOfflineLockout } from '../accounts/offline-lockout';
import { createSessionGate, type TokenSlot } from '../accounts/session-gate';
import { createFeesService, type FeesService } from '../fees/service';
import { createFeesHandlers } from '../fees/handlers';
import { dataDirFileKey } from '../vault/data-dir-keys';
import { removeStaleRepriceTemps } from '../fees/ledger/reprice-temp';
import { calendarCoversUntil } from '../calendar/working-days';
import type { KeyProvider } from '../vault/key-provider';
import { createKycContext } from '../kyc/store/context';
import { createKycSecrets } from '../kyc/store/secrets';
import { createKycHandlers } from '../kyc/handlers';
import { createDevicesService, type DevicesService } from '../devices/service';
import { createDevicesHandlers } from '../devices/handlers';
import { createMakersHandlers } from '../devices/makers/handlers';
import { createSupportService } from '../support/service';
import { startNoticeWorker } from '../notices/notice-outbox';
import { dropFileGateway, NOTICE_DROP_FILE } from '../notices/drop-file-gateway';
import { createAnnounceHandlers, createFreezeListHandlers, createSupportHandlers } from '../support/handlers';
import { intakeAskingHub } from '../sync/intake-check';
import { operatorNames } from '../support/operator-names';
import { createDiagnosisHandlers } from '../support/diagnosis/handlers';
import { createDiagnosisStore } from '../support/diagnosis/diagnosis-store';
import { createRefurbishHandlers } from '../support/refurbish/handlers';
import { lastShippedApplication } from '../support/unit-life';
import { DEMO_LEDGER_FILE, seedDemoSupport } from '../support/demo-seed';
import { seedDemoReturns } from '../support/demo-returns';
import { seedDemoReview, type DemoOperatorPassword } from '../kyc/demo/seed-demo';
import { databaseFile } from './data-dir';
import { resourcesDir } from './resources-dir';
import { EventHub } from '../event-hub';
import type { Logger } from './logger';
import type { LineSettings } from '../../contract/station-settings';
import { effectiveLineSettings, storedLineSettings } from './line-settings';
import { createStationSettingsHandlers } from './settings-handlers';
import { StationSync } from '../sync/station-sync';
import { identityStore, type KeyWrap } from '../sync/identity-store';
import { hubReviewAuthority } from '../sync/hub-review-authority';
import { followHubKycDocuments } from '../sync/hub-kyc-documents';
import { followHubKycDecisions } from '../sync/hub-kyc-decisions';
import { hubMakers } from '../sync/hub-makers';
import { createSyncHandlers } from '../sync/handlers';
import { auditSourceOf } from '../sync/audit-push';
import { hubSignIn } from '../sync/hub-sign-in';
import { createVault } from '../vault/vault';
import type { ScryptParams } from '../accounts/password-hash';
import { devicesHubLink, followHubDevices } from '../sync/hub-devices';
import { StationOutbox } from '../sync/station-outbox';
import { RunBackfill, stationBackfillSource } from '../sync/run-backfill';
import { flushingAfter, SupportCursorDrain } from '../sync/support-push';
import { createUnitHistoryHandlers } from '../sync/unit-history';

export interface StationConfig {
  readonly dataDir: string;
  readonly demo: boolean;
  readonly shell: 'electron' | 'browser';
  readonly version: string;
  readonly log: Logger;
  readonly clock?: Clock;
  /** The document key: Electron's safeStorage in the app; by default a 0600 key file in the data dir. */
  readonly keyProvider?: KeyProvider;
  /**
   * Serial terminals' line speed from start flags: the one they power on at, and the one HELLO
   * proposes (0 keeps it). A flag given wins over the speed stored in Settings for this run.
   */
  readonly line?: Partial<LineSettings>;
  /** How the hub key is kept: wrapped by safeStorage in the desktop app; by default a 0600 file. */
  readonly stationKeyWrap?: KeyWrap;
  /** Demo mode: how many simulated terminals to start (default 5); a full counter is 16. */
  readonly demoUnits?: number;
  /** Password hashing cost (accounts, offline sign-in verifiers): tests lower it; production keeps the default. */
  readonly scrypt?: ScryptParams;
}

/** Per renderer connection (a window, a browser session): which operator session it carries. */
export type SessionSlot = TokenSlot;

export interface Station {
  readonly db: Db;
  readonly events: EventHub;
  readonly stationId: string;
  readonly audit: AuditLog;
  readonly accounts: Accounts;
  readonly fees: FeesService;
  readonly devices: DevicesService;
  /** The hub link (standalone until enrolled). */
  readonly sync: StationSync;
  /** Set on the very first start only: the admin's one-time password, to print once. */
  readonly initialAdmin: { readonly username: string; readonly oneTimePassword: string } | null;
  /** Demo mode's first start only: the demo operators' one-time passwords, to print once. */
  readonly demoOperators: readonly DemoOperatorPassword[];
  /** Said once at start where the demo could not seed everything (why, in words). */
  readonly demoNotices: readonly string[];
  invoke(
    name: string,
    input: unknown,
    slot: SessionSlot,
    via: CallContext['via'],
  ): Promise<Envelope<unknown>>;
  /** The operator a slot carried at its last call (for routing events), without touching the session. */
  operatorOf(slot: SessionSlot): Operator | null;
  close(): Promise<void>;
}

/** The composition root: one store, the services over it, and the gate every transport uses. */
export async function createStation(config: StationConfig): Promise<Station> {
  const clock = config.clock ?? systemClock;
  privateDataDir(config.dataDir);
  const db = openDatabase({ file: databaseFile(config.dataDir) });
  const events = new EventHub();
  const stationId = stationIdOf(db);
  const schemaVersion = Number(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() ?? 0);
  const resources = resourcesDir();
  config.log.info('Station opened', { stationId, schemaVersion, demo: config.demo, shell: config.shell });

  const keys = config.keyProvider ?? dataDirFileKey(config.dataDir);
  // The audit chain is keyed from the same key as the documents, which the database does not hold.
  bindAuditKey(db, keys);
  ensureKeyedChain(db, clock);
  const audit = createAuditLog(db, clock);
  const accounts = createAccounts(db, audit, clock, config.scrypt ? { scrypt: config.scrypt } : {});
  const initialAdmin = await accounts.ensureInitialAdmin();
  const fees = createFeesService({ scheduleDir: join(resources, 'fee-schedules'), now: () => clock.now() });
  // A `fees reprice` killed while writing into the data directory leaves a temp file: remove it.
  const staleTemps = removeStaleRepriceTemps(config.dataDir);
  if (staleTemps.length > 0) config.log.info('Removed temp files of killed reprice runs', { staleTemps });

  const kyc = createKycContext({ db, dataDir: config.dataDir, clock, secrets: createKycSecrets(keys) });

  const demoSeed = config.demo ? await seedDemoReview({ kyc, accounts, dataDir: config.dataDir }) : null;
  if (demoSeed?.queueNotSeeded)
    config.log.warn('Demo review queue not seeded', { why: demoSeed.queueNotSeeded });
  const line = effectiveLineSettings(storedLineSettings(db), config.line);
  // The hub link: absent until the station is enrolled (standalone works exactly as before).
  const sync = await StationSync.open({
    dataDir: config.dataDir,
    identities: identityStore(config.dataDir, config.stationKeyWrap),
    onStatus: (status) => events.emit('sync.status', status),
    onError: (message, error) => config.log.error(message, { error }),
    auditSource: auditSourceOf(db),
    documentVault: createVault(keys),
    signInNow: () => clock.now(),
    offlineLockout: createOfflineLockout(db, audit),
    ...(config.scrypt ? { scrypt: config.scrypt } : {}),
    onOperatorDisabled: (username) => accounts.endSessionsOf(username, 'disabled_at_hub'),
  });
  const kycAtHub = await followHubKycDocuments(sync, kyc, config.dataDir, (message, error) =>
    config.log.error(message, { error }),
  );
  const kycDecisionsAtHub = followHubKycDecisions(sync, kyc, (message, error) =>
    config.log.error(message, { error }),
  );
  // What goes to the hub of the station's own work is written to the station outbox in its own transaction (docs/sync.md §10.4).
  const hubOutbox = new StationOutbox(db, () => sync.enrolled);
  sync.participate(hubOutbox);
  const afterSales: { openCaseOf?: (serial: string) => string | undefined } = {};
  const makersAtHub = hubMakers(sync);
  const sessions = withTokenCapture(createSessionHandlers(accounts, hubSignIn(sync)));
  const gate = createSessionGate(accounts, sessions.issuedToken);
  const devices = createDevicesService({
    db,
    audit,
    events,
    resourcesDir: resources,
    demo: config.demo,
    clock,
    stationId,
    dataDir: config.dataDir,
    fees,
    ...(config.demoUnits !== undefined ? { demoCount: config.demoUnits } : {}),
    clientOptions: { defaultBaud: line.powerOnBaud, proposeBaud: line.proposeBaud },
    onError: (message, error) => config.log.error(message, { error }),
    // Returned units under an open case are support's, not the warehouse's (set once support exists).
    openCaseOf: (serial) => afterSales.openCaseOf?.(serial),
    hubMakers: () => makersAtHub.set(),
    hub: devicesHubLink(sync, hubOutbox),
  });
  await devices.start();
  await followHubDevices(sync, devices, (message, error) => config.log.error(message, { error }));
  sync.participate(new RunBackfill(stationBackfillSource(db, devices.freezes, devices.evidenceStore)));
  const support = createSupportService({
    db,
    audit,
    clock,
    fees,
    registry: devices.registry,
    evidence: devices.evidenceStore,
    dataDir: config.dataDir,
    keys,
    ...(config.demo ? { demoLedgerFile: join(config.dataDir, DEMO_LEDGER_FILE) } : {}),
    hub: hubOutbox,
  });
  afterSales.openCaseOf = support.cases.openCaseOf;
  // Case steps, restocks and scraps go through the station outbox (docs/sync.md §10.7); what a
  // station enrolled before it left past its old cursors goes once.
  sync.participate(new SupportCursorDrain(db));
  const pushSupport = () => sync.wake();
  const noticeWorker = startNoticeWorker(
    db,
    dropFileGateway(join(config.dataDir, NOTICE_DROP_FILE), () => shanghaiIso(clock.now())),
    clock,
    2000,
    (error) => config.log.error('Notice delivery failed', { error }),
  );
  const supportNotSeeded = config.demo ? seedDemoSupport(support, config.dataDir) : null;
  if (supportNotSeeded) config.log.warn('Demo support cases not seeded', { why: supportNotSeeded });
  const demoReturns = config.demo ? devices.demoTerminals()?.returned : undefined;
  const returnsNotSeeded = demoReturns ? seedDemoReturns(support, devices.freezes, demoReturns) : null;
  if (returnsNotSeeded) config.log.warn('Demo returned units not seeded', { why: returnsNotSeeded });

  const stationHandlers: HandlersFor<typeof stationCalls> = {
    'station.status': () => ({
      version: config.version,
      shell: config.shell,
      demo: config.demo,
      schemaVersion,
      stationId,
      now: shanghaiIso(clock.now()),
      calendarCoversUntil: calendarCoversUntil(),
    }),
  };

  const handlers: HandlersFor<typeof contractCalls> = {
    ...stationHandlers,
    ...sessions.handlers,
    ...createFeesHandlers(fees),
    ...createKycHandlers({
      kyc,
      authority: hubReviewAuthority(sync, async (caseId, operator, originStation) => {
        await kycAtHub.claimedHere(caseId, sync.hubClient(), operator, originStation);
        kycDecisionsAtHub.follow(caseId);
      }),
    }),
    ...createSyncHandlers(sync, (entry) => db.transaction(() => audit.append(entry))()),
    ...createUnitHistoryHandlers(sync),
    ...createStationSettingsHandlers(db, audit, line),
    ...createDevicesHandlers(devices),
    ...createMakersHandlers(devices.makers, makersAtHub),
    ...createAdminHandlers(db, audit),
    ...flushingAfter(intakeAskingHub(createSupportHandlers(support), sync), pushSupport),
    ...createDiagnosisHandlers({
      store: createDiagnosisStore(db, audit),
      registry: devices.registry,
      pinnedRoots: () => devices.pinnedRoots(),
      stationId,
      clock,
      shippedApplication: (serial) => lastShippedApplication(devices.evidenceStore, serial),
      cases: support.cases,
      unitOn: (portId) => {
        const idle = devices.idleUnit(portId);
        return idle && { unit: idle.client, label: idle.label };
      },
    }),
    ...flushingAfter(createRefurbishHandlers({ db, cases: support.cases, devices, stationId }), pushSupport),
    ...createFreezeListHandlers({
      freezes: devices.freezes,
      enrolled: () => sync.enrolled,
      hubStanding: (serial) => sync.deviceAtHub(serial),
      nameOf: operatorNames(db),
    }),
    ...createAnnounceHandlers({ db, audit, clock, book: fees.book }),
  };
  const dispatch = createDispatcher(contractCalls, handlers as unknown as HandlerTable, {
    error: (message, detail) => config.log.error(message, detail),
  });

  const lastOperator = new WeakMap<SessionSlot, Operator | null>();

  return {
    db,
    events,
    stationId,
    audit,
    accounts,
    fees,
    devices,
    sync,
    initialAdmin,
    demoOperators: demoSeed?.operators ?? [],
    demoNotices: demoSeed?.queueNotSeeded ? [`Demo review queue left empty: ${demoSeed.queueNotSeeded}`] : [],
    operatorOf: (slot) => (slot.token === null ? null : (lastOperator.get(slot) ?? null)),
    async invoke(name, input, slot, via) {
      const entered = gate.enter(name, slot, via);
      if (!entered.ok) return entered.envelope;
      const envelope = await dispatch(name, input, entered.ctx);
      gate.leave(name, entered.ctx, envelope, slot);
      const after = slot.token === null ? null : accounts.resolveSession(slot.token);
      lastOperator.set(slot, after?.operator ?? null);
      return envelope;
    },
    async close() {
      noticeWorker.stop();
      sync.close();
      await devices.close();
      db.close();
    },
  };
}
