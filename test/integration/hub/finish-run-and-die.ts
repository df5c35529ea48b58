/**
 * Test entry: a station process that finishes one provisioning run (shipped) on its store, wired as
 * the running station wires it — the station outbox told inside the run's final transaction while
 * the data directory is enrolled — and is killed with SIGKILL right after that commit, before
 * anything hands the outbox to the sync queue. argv: <data dir> <run id> <serial>.
 */
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { systemClock } from '../../../electron/services/audit/clock';
import { EvidenceStore } from '../../../electron/services/devices/evidence/evidence-store';
import { databaseFile } from '../../../electron/services/station/data-dir';
import { isEnrolled } from '../../../electron/services/sync/identity';
import { StationOutbox } from '../../../electron/services/sync/station-outbox';
import { openDatabase } from '../../../electron/store/database';
import { finishedRun } from './finished-run';

const [dir, runId, serial] = process.argv.slice(2) as [string, string, string];
const db = openDatabase({ file: databaseFile(dir) });
const outbox = new StationOutbox(db, () => isEnrolled(dir));
finishedRun(new EvidenceStore(db, createAuditLog(db, systemClock), systemClock, outbox), runId, serial, true);
process.kill(process.pid, 'SIGKILL');
