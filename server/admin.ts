import { randomBytes, randomUUID } from 'node:crypto';
import { ROLES } from '../electron/contract/define';
import { hashPassword } from '../electron/services/accounts/password-hash';
import { appendAudit } from './audit';
import { recordChange } from './changes';
import type { HubDb, Sql } from './db/db';
import type { Role } from './mutations/types';
import { HUB_CHAIN } from './db/schema';
import { certFingerprint, sha256Hex, signStationCsr, type HubPki } from './tls/pki';

const CODE_HOURS = 24;

export class EnrolmentError extends Error {
  constructor(
    readonly code:
      'ENROLMENT_CODE_INVALID' | 'ENROLMENT_CODE_USED' | 'ENROLMENT_CODE_EXPIRED' | 'BAD_REQUEST',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A one-time enrolment code: `<secret>.<first 16 hex of the CA fingerprint>`. Only the secret's
 * hash is stored; the fingerprint half lets the station pin the CA before trusting the hub.
 */
export async function createEnrolmentCode(db: HubDb, pki: HubPki, stationName: string): Promise<string> {
  const name = stationName.trim();
  if (name.length === 0 || name.length > 64) throw new Error('--name: 1 to 64 characters');
  const secret = randomBytes(15).toString('base64url');
  await db.tx(async (q) => {
    await q.query(
      `INSERT INTO hub_enrolment_codes (code_hash, station_name, expires_at)
       VALUES ($1, $2, now() + make_interval(hours => $3))`,
      [sha256Hex(secret), name, CODE_HOURS],
    );
    await appendAudit(q, HUB_CHAIN, {
      actor: 'hub-cli',
      action: 'enrolment.code',
      subject: name,
      details: {},
    });
  });
  return `${secret}.${pki.caFingerprint.slice(0, 16)}`;
}

/** Uses a code once: a new station row, its certificate signed by the hub CA. */
export async function enrolStation(
  db: HubDb,
  pki: HubPki,
  code: string,
  csrPem: string,
): Promise<{ stationId: string; name: string; certificate: string; ca: string }> {
  const secret = code.split('.')[0] ?? '';
  const stationId = randomUUID();
  return db.tx(async (q) => {
    const [row] = await q.query<{ station_name: string; used: boolean; expired: boolean }>(
      `SELECT station_name, used_at IS NOT NULL AS used, expires_at <= now() AS expired
         FROM hub_enrolment_codes WHERE code_hash = $1 FOR UPDATE`,
      [sha256Hex(secret)],
    );
    if (!row)
      throw new EnrolmentError('ENROLMENT_CODE_INVALID', 'this enrolment code is not known at the hub');
    if (row.used) throw new EnrolmentError('ENROLMENT_CODE_USED', 'this enrolment code was already used');
    if (row.expired) throw new EnrolmentError('ENROLMENT_CODE_EXPIRED', 'this enrolment code has expired');
    let certificate: string;
    try {
      certificate = await signStationCsr(pki, csrPem, stationId);
    } catch (error) {
      throw new EnrolmentError('BAD_REQUEST', error instanceof Error ? error.message : String(error));
    }
    await q.query('INSERT INTO hub_stations (id, name, cert_fingerprint) VALUES ($1, $2, $3)', [
      stationId,
      row.station_name,
      certFingerprint(certificate),
    ]);
    await q.query('UPDATE hub_enrolment_codes SET used_at = now(), station_id = $2 WHERE code_hash = $1', [
      sha256Hex(secret),
      stationId,
    ]);
    await appendAudit(q, HUB_CHAIN, {
      actor: 'station-enrolment',
      action: 'station.enrol',
      subject: stationId,
      details: { name: row.station_name },
    });
    return { stationId, name: row.station_name, certificate, ca: pki.caCertPem };
  });
}

export interface StationSummary {
  readonly id: string;
  readonly name: string;
  readonly enrolledAt: string;
  readonly lastSeenAt: string | null;
  readonly revoked: boolean;
}

export async function listStations(db: HubDb): Promise<StationSummary[]> {
  const rows = await db.query<{
    id: string;
    name: string;
    enrolled_at: Date;
    last_seen_at: Date | null;
    revoked: boolean;
  }>(
    `SELECT id, name, enrolled_at, last_seen_at, revoked_at IS NOT NULL AS revoked
       FROM hub_stations WHERE id <> $1 ORDER BY enrolled_at, id`,
    [HUB_CHAIN],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    enrolledAt: r.enrolled_at.toISOString(),
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    revoked: r.revoked,
  }));
}

/** Adds or updates an operator at the hub (the authority for operators and roles). */
export function checkOperatorFields(username: string, role: string): void {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(username))
    throw new Error('--username: letters, digits, . _ - (1 to 64)');
  if (!ROLES.includes(role as Role)) throw new Error(`--role: one of ${ROLES.join(', ')}`);
}

export async function upsertOperator(db: HubDb, username: string, displayName: string, role: string) {
  checkOperatorFields(username, role);
  await db.tx(async (q) => {
    await q.query(
      `INSERT INTO hub_operators (username, display_name, role) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, role = EXCLUDED.role`,
      [username, displayName, role],
    );
    await publishOperator(q, username);
    await appendAudit(q, HUB_CHAIN, {
      actor: 'hub-cli',
      action: 'operator.upsert',
      subject: username,
      details: { role },
    });
  });
}

/** A disabled operator is refused everywhere at the next push (OPERATOR_DISABLED). */
export async function disableOperator(db: HubDb, username: string): Promise<void> {
  await db.tx(async (q) => {
    const rows = await q.query(
      'UPDATE hub_operators SET disabled_at = coalesce(disabled_at, now()) WHERE username = $1 RETURNING 1',
      [username],
    );
    if (rows.length === 0) throw new Error(`--username: no operator "${username}" at the hub`);
    await publishOperator(q, username);
    await appendAudit(q, HUB_CHAIN, {
      actor: 'hub-cli',
      action: 'operator.disable',
      subject: username,
      details: {},
    });
  });
}

/**
 * What every station learns of an operator (a change, pulled): never the password hash — a station
 * makes its own verifier from the password typed at its counter. A station drops its offline
 * sign-in verifier for an operator it sees disabled.
 */
async function publishOperator(q: Sql, username: string): Promise<void> {
  const [op] = await q.query<{ display_name: string; role: Role; disabled: boolean }>(
    'SELECT display_name, role, disabled_at IS NOT NULL AS disabled FROM hub_operators WHERE username = $1',
    [username],
  );
  if (!op) return;
  await recordChange(q, 'operator', username, {
    username,
    displayName: op.display_name,
    role: op.role,
    disabled: op.disabled,
  });
}

/** The operator's password for signing in at any station (scrypt at the hub; only the hash kept). */
export async function setOperatorPassword(db: HubDb, username: string, password: string): Promise<void> {
  if (password.length < 8 || password.length > 200) throw new Error('password: 8 to 200 characters');
  const hash = await hashPassword(password);
  await db.tx(async (q) => {
    const rows = await q.query(
      'UPDATE hub_operators SET password_hash = $2, password_set_at = now() WHERE username = $1 RETURNING 1',
      [username, hash],
    );
    if (rows.length === 0) throw new Error(`--username: no operator "${username}" at the hub`);
    await appendAudit(q, HUB_CHAIN, {
      actor: 'hub-cli',
      action: 'operator.password_set',
      subject: username,
      details: {},
    });
  });
}

/**
 * Revokes a station: from the next request on, every mutual-TLS call with its certificate is
 * refused STATION_REVOKED (with the reason). A revoked station stays revoked; enrol it anew.
 */
export async function revokeStation(db: HubDb, stationId: string, reason: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(stationId)) throw new Error('station id: the UUID shown by `hub stations`');
  const why = reason.trim();
  if (why.length === 0 || why.length > 200) throw new Error('--reason: 1 to 200 characters');
  if (stationId === HUB_CHAIN) throw new Error('station id: that is the hub itself');
  await db.tx(async (q) => {
    const rows = await q.query(
      `UPDATE hub_stations SET revoked_at = coalesce(revoked_at, now()), revoked_reason = coalesce(revoked_reason, $2)
        WHERE id = $1 RETURNING 1`,
      [stationId, why],
    );
    if (rows.length === 0) throw new Error(`station id: no station ${stationId} at the hub`);
    await appendAudit(q, HUB_CHAIN, {
      actor: 'hub-cli',
      action: 'station.revoke',
      subject: stationId,
      details: { reason: why },
    });
  });
}
