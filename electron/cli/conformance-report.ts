import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConformanceRun } from '../../native/conformance';
import { canonicalJson, type JsonValue } from '../services/audit/canonical-json';

export const REPORT_FORMAT = 'pos-station-conformance/1';

export interface ReportSignature {
  readonly alg: 'ed25519';
  /** SPKI DER, base64: the station's report key. */
  readonly publicKey: string;
  /** SHA-256 of that SPKI DER, hex: what an acquirer pins for a station. */
  readonly keyFingerprint: string;
  /** Over canonicalJson(report without `signature`), base64. */
  readonly value: string;
}

/** The station's conformance report key: made on first use in the data dir, readable by its owner only. */
export function reportKeyFile(dataDir: string): string {
  return join(dataDir, 'keys', 'conformance-report-ed25519.pem');
}

export function loadOrCreateReportKey(file: string): KeyObject {
  if (existsSync(file)) return createPrivateKey(readFileSync(file, 'utf8'));
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return privateKey;
}

export function unsignedReport(
  run: ConformanceRun,
  input: { stationVersion: string; port: string },
): Record<string, JsonValue> {
  const count = (r: string) => run.clauses.filter((c) => c.result === r).length;
  return {
    format: REPORT_FORMAT,
    stationVersion: input.stationVersion,
    port: input.port,
    startedAt: run.startedAt,
    ms: run.ms,
    terminal: { ...run.identity },
    summary: { pass: count('pass'), fail: count('fail'), not_run: count('not_run') },
    end: { ...run.end },
    clauses: run.clauses.map((c) => ({
      ...c,
      evidence: c.evidence.map((e) => ({ ...e })),
    })) as unknown as JsonValue,
  };
}

export function signReport(report: Record<string, JsonValue>, key: KeyObject): Record<string, JsonValue> {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const signature: ReportSignature = {
    alg: 'ed25519',
    publicKey: spki.toString('base64'),
    keyFingerprint: createHash('sha256').update(spki).digest('hex'),
    value: sign(null, Buffer.from(canonicalJson(report)), key).toString('base64'),
  };
  return { ...report, signature: { ...signature } };
}

export type ReportCheck =
  { readonly ok: true; readonly keyFingerprint: string } | { readonly ok: false; readonly problem: string };

/** Checks a report's signature over everything else in it; names what is wrong. */
export function verifyReport(text: string): ReportCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, problem: 'not a report object' };
  const { signature, ...rest } = parsed as Record<string, JsonValue>;
  if (rest.format !== REPORT_FORMAT) return { ok: false, problem: `format: expected ${REPORT_FORMAT}` };
  const s = signature as Partial<ReportSignature> | undefined;
  if (!s || s.alg !== 'ed25519' || typeof s.publicKey !== 'string' || typeof s.value !== 'string')
    return { ok: false, problem: 'signature: missing or not ed25519' };
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(s.publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return { ok: false, problem: 'signature.publicKey: not an SPKI public key' };
  }
  const fingerprint = createHash('sha256').update(Buffer.from(s.publicKey, 'base64')).digest('hex');
  if (s.keyFingerprint !== fingerprint)
    return { ok: false, problem: 'signature.keyFingerprint: does not match the key' };
  let good: boolean;
  try {
    good = verify(null, Buffer.from(canonicalJson(rest)), key, Buffer.from(s.value, 'base64'));
  } catch {
    // A malformed signature is a failed signature.
    good = false;
  }
  return good
    ? { ok: true, keyFingerprint: fingerprint }
    : { ok: false, problem: 'signature: does not verify (the report was changed after signing)' };
}
