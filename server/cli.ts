import { join } from 'node:path';
import type { Command } from 'commander';
import { processIo, type CliIo } from '../electron/cli/cli-io';
import { ROLES } from '../electron/contract/define';
import { resolveDataDir } from '../electron/services/station/data-dir';
import { PRODUCTION_ROOT_FILE } from '../electron/services/devices/genuine/pinned-roots';
import { hubBuiltInRoots } from './built-in-roots';
import { fileKeyProvider } from '../electron/services/vault/file-key-provider';
import { createVault } from '../electron/services/vault/vault';
import {
  checkOperatorFields,
  createEnrolmentCode,
  disableOperator,
  listStations,
  revokeStation,
  setOperatorPassword,
  upsertOperator,
} from './admin';
import { DEFAULT_NOTIFY_MS, startHub } from './app';
import { compactChanges } from './changes';
import {
  DEFAULT_DOCUMENT_RETENTION_YEARS,
  duePurge,
  MAX_DOCUMENT_RETENTION_YEARS,
  purgeDecidedDocuments,
} from './retention';
import { unlockOperator } from './signin';
import { verifyHubAudit } from './audit-verify';
import { DEFAULT_POOL_SIZE, openHubDb, type HubDb } from './db/db';
import { migrate, schemaStatus } from './db/migrations';
import { databaseTarget, describeTarget, hubPaths } from './hub-dir';
import { httpAdapter, logAdapter } from './outbox/adapters';
import { createHubPki, loadHubPki, pkiExists } from './tls/pki';

interface HubOpts {
  dir?: string;
  database?: string;
}

interface ServeOpts {
  port: string;
  host: string;
  leaseSeconds: string;
  smsHttp?: string;
  pool: string;
  notifyMs: string;
  builtInRoots?: string;
  documentRetentionYears: string;
}

const RETENTION_HELP = `years a decided case's documents are kept after the decision (China's AML law, 2025: customer identity records at least 10 years; set it on your legal advice)`;

const POOL_HELP =
  "PostgreSQL connections this process keeps (all hub processes together: about twice the database server's cores)";

function positiveInt(flag: string, text: string, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${flag}: a whole number from 1 to ${max}`);
  return n;
}

/**
 * `pos-station hub init | migrate | serve | status | enroll-station | stations | operator … | unlock`:
 * the sync hub (docs/sync.md). Options shared by all: --dir (default: <station data dir>/hub) and
 * --database / DATABASE_URL (default: embedded PGlite in the hub directory).
 */
export function registerHubCommands(program: Command, io: CliIo = processIo): void {
  const hub = program
    .command('hub')
    .description('The sync hub that stations sync with (PostgreSQL, or embedded PGlite)')
    .option(
      '--dir <dir>',
      'hub data directory: TLS keys, SMS log, embedded database (default: <data dir>/hub)',
    )
    .option('--database <url>', 'PostgreSQL URL (default: $DATABASE_URL, else the embedded database)');

  const dirOf = (): string => {
    const o = hub.opts<HubOpts>();
    return o.dir ?? join(resolveDataDir(program.opts<{ dataDir?: string }>().dataDir), 'hub');
  };
  const withDb = async <T>(work: (db: HubDb, dir: string) => Promise<T>): Promise<T> => {
    const dir = dirOf();
    const db = await openHubDb(databaseTarget(dir, hub.opts<HubOpts>().database));
    try {
      return await work(db, dir);
    } finally {
      await db.close();
    }
  };

  hub
    .command('init')
    .description('Create the hub CA and server certificate, and bring the database schema up to date')
    .option('--host-name <name...>', 'extra names or IP addresses stations use to reach the hub', [])
    .action((opts: { hostName: string[] }) => {
      if (pkiExists(hubPaths(dirOf()).tls))
        throw new Error(`a hub CA already exists in ${hubPaths(dirOf()).tls}: refusing to replace it`);
      return withDb(async (db, dir) => {
        const pki = await createHubPki(hubPaths(dir).tls, opts.hostName);
        fileKeyProvider(hubPaths(dir).documentKey).loadKey(); // made now, so every hub process copies the same one
        const applied = await migrate(db);
        io.out(`hub initialised in ${dir}\n`);
        io.out(`CA fingerprint (SHA-256): ${pki.caFingerprint}\n`);
        io.out(`database: ${describeTarget(databaseTarget(dir, hub.opts<HubOpts>().database))}\n`);
        io.out(`migrations applied: ${applied.length > 0 ? applied.join(', ') : 'none (up to date)'}\n`);
      });
    });

  hub
    .command('migrate')
    .description('Apply pending database migrations')
    .action(() =>
      withDb(async (db) => {
        const applied = await migrate(db);
        io.out(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'schema up to date\n');
      }),
    );

  hub
    .command('status')
    .description('Schema version, stations, operators and outbox backlog')
    .option('--json', 'print as JSON', false)
    .action((opts: { json: boolean }) =>
      withDb(async (db, dir) => {
        const schema = await schemaStatus(db);
        const counts =
          schema.pending.length === 0
            ? (
                await db.query<{ stations: number; operators: number; outbox: number; cases: number }>(
                  `SELECT (SELECT count(*)::int FROM hub_stations) - 1 AS stations,
                          (SELECT count(*)::int FROM hub_operators) AS operators,
                          (SELECT count(*)::int FROM hub_outbox WHERE status = 'pending') AS outbox,
                          (SELECT count(*)::int FROM hub_cases) AS cases`,
                )
              )[0]
            : undefined;
        const report = {
          database: describeTarget(databaseTarget(dir, hub.opts<HubOpts>().database)),
          applied: schema.applied,
          pending: schema.pending,
          ...counts,
        };
        if (opts.json) return io.out(`${JSON.stringify(report, null, 2)}\n`);
        io.out(`database: ${report.database}\n`);
        io.out(`schema: ${schema.applied.length} applied, ${schema.pending.length} pending\n`);
        if (counts)
          io.out(
            `stations: ${counts.stations}  operators: ${counts.operators}  cases: ${counts.cases}  outbox pending: ${counts.outbox}\n`,
          );
        if (schema.pending.length > 0) io.setExitCode(3);
      }),
    );

  hub
    .command('enroll-station')
    .description('Create a one-time enrolment code (valid 24 hours) for a new station')
    .requiredOption('--name <name>', 'the station name shown at the hub')
    .action((opts: { name: string }) =>
      withDb(async (db, dir) => {
        const pki = await loadHubPki(hubPaths(dir).tls);
        const code = await createEnrolmentCode(db, pki, opts.name);
        io.out(`${code}\n`);
      }),
    );

  hub
    .command('stations')
    .description('List enrolled stations')
    .option('--json', 'print as JSON', false)
    .action((opts: { json: boolean }) =>
      withDb(async (db) => {
        const stations = await listStations(db);
        if (opts.json) return io.out(`${JSON.stringify(stations, null, 2)}\n`);
        for (const s of stations)
          io.out(
            `${s.id}  ${s.name.padEnd(20)}  enrolled ${s.enrolledAt}  last seen ${s.lastSeenAt ?? 'never'}${s.revoked ? '  REVOKED' : ''}\n`,
          );
        if (stations.length === 0) io.out('no stations enrolled\n');
      }),
    );

  hub
    .command('compact')
    .description(
      'Drop change rows a newer state of the same entity supersedes (`hub serve` does it every hour)',
    )
    .action(() =>
      withDb(async (db) => {
        const dropped = await compactChanges(db);
        const [left] = await db.query<{ rows: number }>('SELECT count(*)::int AS rows FROM hub_changes');
        io.out(`change log: ${dropped} superseded rows dropped, ${left!.rows} kept\n`);
      }),
    );

  hub
    .command('purge-documents')
    .description(
      'Delete the documents of cases decided longer ago than the retention period (`hub serve` does it every hour); audited at the hub',
    )
    .option('--document-retention-years <n>', RETENTION_HELP, String(DEFAULT_DOCUMENT_RETENTION_YEARS))
    .option('--dry-run', 'only say what would be deleted', false)
    .action((opts: { documentRetentionYears: string; dryRun: boolean }) => {
      const years = positiveInt(
        '--document-retention-years',
        opts.documentRetentionYears,
        MAX_DOCUMENT_RETENTION_YEARS,
      );
      return withDb(async (db) => {
        if (opts.dryRun) {
          const due = await duePurge(db, years);
          io.out(
            `dry run: ${due.cases} decided cases past ${years} years, ${due.documents} documents (${due.bytes} bytes) would be deleted\n`,
          );
          return;
        }
        const done = await purgeDecidedDocuments(db, years);
        io.out(
          `documents purged: ${done.documents} of ${done.cases} cases decided ${years} or more years ago\n`,
        );
      });
    });

  hub
    .command('revoke-station')
    .description('Revoke a station: every request with its certificate is refused from now on')
    .argument('<id>', 'the station id (see `hub stations`)')
    .requiredOption('--reason <words>', 'why (shown to the station and kept in the audit)')
    .action((id: string, opts: { reason: string }) =>
      withDb(async (db) => {
        await revokeStation(db, id, opts.reason);
        io.out(`station ${id} revoked\n`);
      }),
    );

  hub
    .command('audit')
    .description("The hub's audit chains")
    .command('verify')
    .description('Verify every chain; names the first broken record and its station (exit 5 if any)')
    .option('--json', 'print as JSON', false)
    .action((opts: { json: boolean }) =>
      withDb(async (db) => {
        const verdicts = await verifyHubAudit(db);
        if (opts.json) io.out(`${JSON.stringify(verdicts, null, 2)}\n`);
        else
          for (const v of verdicts)
            io.out(
              v.broken
                ? `BROKEN  ${v.station} (${v.kind === 'station' ? 'its own chain, pushed' : 'accepted at the hub'}, ${v.chain}): record ${v.broken.seq} — ${v.broken.problem}: ${v.broken.message}\n`
                : `ok      ${v.station} (${v.kind === 'station' ? 'its own chain, pushed' : 'accepted at the hub'}, ${v.chain}): ${v.count} records\n`,
            );
        if (verdicts.some((v) => v.broken)) io.setExitCode(5);
      }),
    );

  const operator = hub.command('operator').description('Operators and roles (the hub is their authority)');
  operator
    .command('add')
    .description('Add or update an operator at the hub')
    .requiredOption('--username <username>', 'sign-in name')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .action((opts: { username: string; name: string; role: string }) => {
      checkOperatorFields(opts.username, opts.role);
      return withDb(async (db) => {
        await upsertOperator(db, opts.username, opts.name, opts.role);
        io.out(`operator ${opts.username} (${opts.role}) saved\n`);
      });
    });
  operator
    .command('disable')
    .description('Disable an operator: every station refuses them at its next sync')
    .requiredOption('--username <username>', 'sign-in name')
    .action((opts: { username: string }) =>
      withDb(async (db) => {
        await disableOperator(db, opts.username);
        io.out(`operator ${opts.username} disabled\n`);
      }),
    );

  operator
    .command('set-password')
    .description(
      'Set the password an operator signs in with at every station (read from $POS_OPERATOR_PASSWORD)',
    )
    .requiredOption('--username <username>', 'sign-in name')
    .action((opts: { username: string }) => {
      const password = process.env.POS_OPERATOR_PASSWORD;
      if (!password)
        throw new Error('POS_OPERATOR_PASSWORD: set it to the new password (kept off the command line)');
      return withDb(async (db) => {
        await setOperatorPassword(db, opts.username, password);
        io.out(`password of ${opts.username} set\n`);
      });
    });

  hub
    .command('unlock')
    .description('Lift the sign-in lockout of an operator (after repeated wrong passwords); audited')
    .argument('<operator>', 'the sign-in name')
    .action((username: string) =>
      withDb(async (db) => {
        const wasLocked = await unlockOperator(db, username);
        io.out(
          wasLocked
            ? `sign-in lockout of ${username} lifted\n`
            : `${username} was not locked; failed sign-ins count from zero again\n`,
        );
      }),
    );

  hub
    .command('serve')
    .description('Serve the hub over mutual TLS until stopped')
    .option('--port <port>', 'TCP port', '8443')
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .option('--lease-seconds <n>', 'how long a review claim lasts without renewal', '600')
    .option('--sms-http <url>', 'deliver SMS by HTTP POST to this gateway (default: the SMS log)')
    .option('--pool <n>', POOL_HELP, String(DEFAULT_POOL_SIZE))
    .option(
      '--notify-ms <ms>',
      'how often to tell live stations to pull (a station is told at most this often; docs/scaling.md)',
      String(DEFAULT_NOTIFY_MS),
    )
    .option(
      '--built-in-roots <file>',
      `the manufacturer roots every station pins (PEM), refused as makers (default: the shipped ${PRODUCTION_ROOT_FILE})`,
    )
    .option('--document-retention-years <n>', RETENTION_HELP, String(DEFAULT_DOCUMENT_RETENTION_YEARS))
    .action(async (opts: ServeOpts) => {
      const dir = dirOf();
      const port = positiveInt('--port', opts.port, 65535);
      const leaseSeconds = positiveInt('--lease-seconds', opts.leaseSeconds, 86_400);
      const pool = positiveInt('--pool', opts.pool, 200);
      const notifyMs = positiveInt('--notify-ms', opts.notifyMs, 10_000);
      const builtInRoots = hubBuiltInRoots(opts.builtInRoots);
      const documentRetentionYears = positiveInt(
        '--document-retention-years',
        opts.documentRetentionYears,
        MAX_DOCUMENT_RETENTION_YEARS,
      );
      const pki = await loadHubPki(hubPaths(dir).tls);
      const target = databaseTarget(dir, hub.opts<HubOpts>().database);
      const db = await openHubDb(target, pool);
      await migrate(db);
      const running = await startHub({
        db,
        pki,
        config: { leaseSeconds, builtInRoots },
        adapter: opts.smsHttp ? httpAdapter(opts.smsHttp) : logAdapter(hubPaths(dir).smsLog),
        documentVault: createVault(fileKeyProvider(hubPaths(dir).documentKey)),
        port,
        host: opts.host,
        notifyMs,
        documentRetentionYears,
      });
      io.out(`hub listening on https://${opts.host}:${running.port} (${describeTarget(target)})\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running
            .close()
            .then(() => db.close())
            .then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
