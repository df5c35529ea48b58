import type { TLSSocket } from 'node:tls';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EnrolmentError, enrolStation } from './admin';
import { changeHead, compactChanges, headMoves, parseCursor, pull } from './changes';
import { isRetryable, type HubDb } from './db/db';
import type { Vault } from '../electron/services/vault/vault';
import { DocumentRefused, fetchDocuments, storeDocuments } from './documents';
import { deviceHistory, deviceStatus } from './mutations/devices';
import { KINDS, pushBatch, StationRefused } from './mutations/push';
import type { HubConfig, MutationIn } from './mutations/types';
import type { MessageAdapter } from './outbox/adapters';
import { deliverDue } from './outbox/worker';
import { RateLimiter } from './rate-limit';
import { checkRetentionYears, DEFAULT_DOCUMENT_RETENTION_YEARS, purgeDecidedDocuments } from './retention';
import { checkSignIn, type SignInAnswer } from './signin';
import { AuditPushRefused, receiveStationAudit } from './station-audit';
import type { HubPki } from './tls/pki';

export const BODY_LIMIT = 1024 * 1024;
export const MAX_BATCH = 200;
export const MAX_PULL = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Document uploads carry scans and photos: their own, larger limit. */
export const DOCUMENT_BODY_LIMIT = 16 * 1024 * 1024;
export const MAX_AUDIT_PUSH = 500;
/**
 * How often a hub process looks for new changes and tells its live streams (`hub serve
 * --notify-ms`): a station is told at most this often. With the station's delay before it pulls
 * (LIVE_DELAY_MS) it bounds how soon a change shows elsewhere (docs/scaling.md).
 */
export const DEFAULT_NOTIFY_MS = 250;

export interface HubServerOptions {
  readonly db: HubDb;
  readonly pki: HubPki;
  readonly config: HubConfig;
  readonly adapter: MessageAdapter;
  /**
   * The hub's document key (a file beside the CA): wraps each stored document's key. `hub serve`
   * always gives one; without it the document calls answer 501 DOCUMENTS_NOT_CONFIGURED.
   */
  readonly documentVault?: Vault;
  readonly port?: number;
  readonly host?: string;
  /** How often this process looks for due outbox messages. */
  readonly outboxIntervalMs?: number;
  /**
   * How often this process checks whether the change head moved and tells the streams whose station
   * the new changes reach (the live channel); DEFAULT_NOTIFY_MS unless told.
   */
  readonly notifyMs?: number;
  /** How often this process compacts the change log (compactChanges); every hour unless told. */
  readonly compactIntervalMs?: number;
  /**
   * Years a decided case's documents are kept after its decision (server/retention.ts);
   * DEFAULT_DOCUMENT_RETENTION_YEARS unless told. Give every hub process the same.
   */
  readonly documentRetentionYears?: number;
  /** How often this process purges documents past their retention; every hour unless told. */
  readonly purgeIntervalMs?: number;
  readonly requestsPerSecond?: number;
}

export interface RunningHub {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const mutationSchema = z.object({
  id: z.uuid(),
  kind: z.string().min(1).max(64),
  operator: z.string().min(1).max(64),
  // Any whole token here: each kind judges its own basis (validate.ts requireToken). A decision made
  // without a claim carries 0 and must be answered STALE_TOKEN on its own, not fail the whole batch.
  basis: z.object({ token: z.number().int().nonnegative().optional() }).nullish(),
  payload: z.unknown().optional(),
  createdAt: z.string().max(40).optional(),
});
const pushSchema = z.object({ mutations: z.array(mutationSchema).min(1).max(MAX_BATCH) });
const enrolSchema = z.object({ code: z.string().min(1).max(200), csr: z.string().min(1).max(20_000) });
const signInSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});
const auditRecord = z.object({
  seq: z.number().int().positive(),
  at: z.string().min(1).max(64),
  actor: z.string().min(1).max(200),
  action: z.string().min(1).max(200),
  subject: z.string().max(500).nullable(),
  details: z.string().max(64 * 1024),
  prev_hash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
const auditPushSchema = z.object({ records: z.array(auditRecord).min(1).max(MAX_AUDIT_PUSH) });
const documentsSchema = z.object({
  documents: z
    .array(
      z.object({
        docId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
        kind: z.string().min(1).max(64),
        sealed: z.base64().min(1),
        key: z.base64().length(44),
      }),
    )
    .min(1)
    .max(50),
});
const caseIdParam = z.object({ caseId: z.string().min(1).max(64) });
const pullQuery = z.object({
  cursor: z.string().default('0:0'),
  limit: z.coerce.number().int().min(1).max(MAX_PULL).default(500),
});

/** 423 Locked, not 429: a station must take a lockout as the hub's answer, not fall back to offline sign-in. */
const SIGNIN_STATUS: Record<Extract<SignInAnswer, { ok: false }>['code'], number> = {
  SIGNIN_FAILED: 401,
  OPERATOR_DISABLED: 403,
  SIGNIN_LOCKED: 423,
};

function parseOr400<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new HttpError(
    400,
    'BAD_REQUEST',
    `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`,
  );
}

async function hubTime(db: HubDb): Promise<string> {
  const [row] = await db.query<{ now: Date }>('SELECT now() AS now');
  return row!.now.toISOString();
}

/**
 * The hub's HTTPS API (docs/sync.md). Every route but enrolment needs a client certificate signed
 * by the hub CA, naming an enrolled, unrevoked station. Nothing that decides lives in this
 * process: the rate limiter and the live-channel poll are advisory, everything else is PostgreSQL.
 */
export async function startHub(opts: HubServerOptions): Promise<RunningHub> {
  const { db, pki, config } = opts;
  const retentionYears = opts.documentRetentionYears ?? DEFAULT_DOCUMENT_RETENTION_YEARS;
  checkRetentionYears(retentionYears);
  const limiter = new RateLimiter(opts.requestsPerSecond ?? 20);
  const app = Fastify({
    https: {
      key: opts.pki.serverKeyPem,
      cert: opts.pki.serverCertPem,
      ca: opts.pki.caCertPem,
      requestCert: true,
      // Enrolment has no client certificate yet: every other route checks `authorized` itself.
      rejectUnauthorized: false,
    },
    bodyLimit: BODY_LIMIT,
    logger: false,
  });

  function documentVault(): Vault {
    if (!opts.documentVault)
      throw new HttpError(501, 'DOCUMENTS_NOT_CONFIGURED', 'this hub was started without a document key');
    return opts.documentVault;
  }

  /**
   * The station a request's TLS-verified certificate names (CN) and that certificate's fingerprint.
   * Read once per connection (getPeerCertificate decodes the certificate afresh on every call, a
   * measurable part of a claim's CPU): the handshake proved the identity for the whole connection.
   */
  const peers = new WeakMap<TLSSocket, { stationId: string; fingerprint: string }>();
  function certified(request: FastifyRequest): { stationId: string; fingerprint: string } {
    const socket = request.raw.socket as TLSSocket;
    if (!socket.authorized)
      throw new HttpError(401, 'CLIENT_CERT_REQUIRED', 'a station certificate from this hub is required');
    let peer = peers.get(socket);
    if (!peer) {
      const cert = socket.getPeerCertificate();
      peer = {
        stationId: typeof cert.subject?.CN === 'string' ? cert.subject.CN : '',
        fingerprint: cert.fingerprint256.replaceAll(':', '').toLowerCase(),
      };
      peers.set(socket, peer);
    }
    return peer;
  }

  function stationRefused(code: 'STATION_UNKNOWN' | 'STATION_REVOKED', reason: string | null): HttpError {
    return code === 'STATION_UNKNOWN'
      ? new HttpError(403, 'STATION_UNKNOWN', 'this station is not enrolled at the hub')
      : new HttpError(
          403,
          'STATION_REVOKED',
          `this station was revoked at the hub${reason ? `: ${reason}` : ''}`,
        );
  }

  async function stationOf(request: FastifyRequest): Promise<string> {
    const { stationId, fingerprint } = certified(request);
    const [row] = await db.query<{
      cert_fingerprint: string;
      revoked: boolean;
      revoked_reason: string | null;
    }>(
      `SELECT cert_fingerprint, revoked_at IS NOT NULL AS revoked, revoked_reason FROM hub_stations WHERE id::text = $1`,
      [stationId],
    );
    if (!row || row.cert_fingerprint !== fingerprint) throw stationRefused('STATION_UNKNOWN', null);
    if (row.revoked) throw stationRefused('STATION_REVOKED', row.revoked_reason);
    if (!limiter.take(stationId)) throw new HttpError(429, 'RATE_LIMITED', 'too many requests: slow down');
    await db.query(
      `UPDATE hub_stations SET last_seen_at = now()
        WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '30 seconds')`,
      [stationId],
    );
    return stationId;
  }

  app.setErrorHandler((error: unknown, _request, reply: FastifyReply) => {
    if (error instanceof HttpError)
      return reply.status(error.status).send({ code: error.code, message: error.message });
    if (error instanceof DocumentRefused)
      return reply.status(error.status).send({ code: error.code, message: error.message });
    if (error instanceof AuditPushRefused)
      return reply.status(409).send({ code: error.code, message: error.message });
    if (error instanceof EnrolmentError)
      return reply
        .status(error.code === 'BAD_REQUEST' ? 400 : 403)
        .send({ code: error.code, message: error.message });
    const fst = error as { code?: string; statusCode?: number; message?: string };
    if (fst.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply
        .status(413)
        .send({ code: 'BODY_TOO_LARGE', message: `request body over ${BODY_LIMIT} bytes` });
    if (typeof fst.statusCode === 'number' && fst.statusCode >= 400 && fst.statusCode < 500)
      return reply.status(400).send({ code: 'BAD_REQUEST', message: fst.message ?? 'bad request' });
    if (isRetryable(error))
      return reply
        .status(503)
        .send({ code: 'HUB_UNAVAILABLE', message: 'the hub database is unavailable: retry later' });
    process.stderr.write(`hub: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return reply.status(500).send({ code: 'HUB_ERROR', message: 'the hub failed to answer: retry later' });
  });

  app.post('/v1/enroll', async (request) => {
    const body = parseOr400(enrolSchema, request.body, 'body');
    return enrolStation(db, pki, body.code, body.csr);
  });

  app.get('/v1/status', async (request) => {
    const stationId = await stationOf(request);
    const [row] = await db.query<{ name: string }>('SELECT name FROM hub_stations WHERE id = $1', [
      stationId,
    ]);
    return { hubTime: await hubTime(db), stationId, name: row?.name ?? '' };
  });

  // The push admits its station inside its own first statement (pushBatch): no separate look-up.
  // Anything the quick path cannot answer alike (a bad body, the rate limit, a certificate naming
  // no station id) goes through stationOf first, so its refusals come in the same order as elsewhere.
  app.post('/v1/push', async (request) => {
    const { stationId, fingerprint } = certified(request);
    const parsed = pushSchema.safeParse(request.body);
    if (!parsed.success || !UUID.test(stationId) || !limiter.take(stationId)) await stationOf(request);
    const body = parsed.success ? parsed.data : parseOr400(pushSchema, request.body, 'body');
    try {
      const mutations = body.mutations as MutationIn[];
      const pushed = await pushBatch(db, stationId, mutations, config, KINDS, fingerprint);
      return { hubTime: pushed.hubTime ?? (await hubTime(db)), results: pushed.answers };
    } catch (error) {
      if (error instanceof StationRefused) throw stationRefused(error.code, error.reason);
      throw error;
    }
  });

  app.get('/v1/pull', async (request) => {
    const stationId = await stationOf(request);
    const query = parseOr400(pullQuery, request.query, 'query');
    if (!parseCursor(query.cursor))
      throw new HttpError(400, 'BAD_REQUEST', 'query.cursor: <xid>:<seq> as returned by a pull');
    const page = await pull(db, stationId, query.cursor, query.limit);
    return { hubTime: await hubTime(db), ...page };
  });

  app.get<{ Params: { serial: string } }>('/v1/devices/:serial', async (request) => {
    await stationOf(request);
    return { hubTime: await hubTime(db), device: await deviceStatus(db, request.params.serial) };
  });

  app.get<{ Params: { serial: string } }>('/v1/devices/:serial/history', async (request) => {
    await stationOf(request);
    return { hubTime: await hubTime(db), ...(await deviceHistory(db, request.params.serial)) };
  });

  app.post('/v1/signin', async (request, reply) => {
    const stationId = await stationOf(request);
    const body = parseOr400(signInSchema, request.body, 'body');
    const answer = await db.tx((q) => checkSignIn(q, stationId, body.username, body.password));
    if (!answer.ok)
      return reply.status(SIGNIN_STATUS[answer.code]).send({
        code: answer.code,
        message: answer.message,
        messageZh: answer.messageZh,
        lockedUntil: answer.lockedUntil ?? null,
      });
    return { hubTime: await hubTime(db), operator: answer.operator };
  });

  app.get('/v1/audit/head', async (request) => {
    const stationId = await stationOf(request);
    const [row] = await db.query<{ seq: number; hash: string }>(
      'SELECT pushed_audit_seq AS seq, pushed_audit_head AS hash FROM hub_stations WHERE id = $1',
      [stationId],
    );
    return { hubTime: await hubTime(db), head: row! };
  });

  app.post('/v1/audit', async (request) => {
    const stationId = await stationOf(request);
    const body = parseOr400(auditPushSchema, request.body, 'body');
    return { hubTime: await hubTime(db), head: await receiveStationAudit(db, stationId, body.records) };
  });

  app.post<{ Params: { caseId: string } }>(
    '/v1/cases/:caseId/documents',
    { bodyLimit: DOCUMENT_BODY_LIMIT },
    async (request) => {
      const stationId = await stationOf(request);
      const { caseId } = parseOr400(caseIdParam, request.params, 'params');
      const body = parseOr400(documentsSchema, request.body, 'body');
      const result = await storeDocuments(db, documentVault(), stationId, caseId, body.documents);
      return { hubTime: await hubTime(db), ...result };
    },
  );

  app.get<{ Params: { caseId: string } }>('/v1/cases/:caseId/documents', async (request) => {
    const stationId = await stationOf(request);
    const { caseId } = parseOr400(caseIdParam, request.params, 'params');
    const documents = await fetchDocuments(db, documentVault(), stationId, caseId);
    return { hubTime: await hubTime(db), documents };
  });

  /** Each open stream with the station it belongs to: it is told only of changes that reach it. */
  const streams = new Map<FastifyReply, string>();
  app.get('/v1/events', async (request, reply) => {
    const stationId = await stationOf(request);
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    reply.raw.write(`event: hello\ndata: ${JSON.stringify({ head: lastHead })}\n\n`);
    streams.set(reply, stationId);
    request.raw.on('close', () => streams.delete(reply));
  });

  let lastHead = await changeHead(db);
  const live = repeating(opts.notifyMs ?? DEFAULT_NOTIFY_MS, async () => {
    if (streams.size === 0) return;
    const asked = new Set(streams.values());
    const moved = await headMoves(db, lastHead, [...asked]).catch(() => null);
    if (!moved || moved.head === lastHead) return;
    const head = moved.head;
    lastHead = head;
    // A stream opened while the scopes were read was not asked about: it is told, to be safe.
    for (const [s, station] of streams)
      if (moved.told.has(station) || !asked.has(station))
        s.raw.write(`event: changed\ndata: ${JSON.stringify({ head })}\n\n`);
  });
  const heartbeat = setInterval(() => {
    for (const s of streams.keys()) s.raw.write(': keep-alive\n\n');
  }, 15_000);

  const outbox = repeating(opts.outboxIntervalMs ?? 1000, () => deliverDue(db, opts.adapter), 'hub outbox');
  const compaction = repeating(
    opts.compactIntervalMs ?? 3_600_000,
    () => compactChanges(db),
    'hub change log',
  );
  const retention = repeating(
    opts.purgeIntervalMs ?? 3_600_000,
    () => purgeDecidedDocuments(db, retentionYears),
    'hub document retention',
  );

  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  return {
    url: `https://localhost:${port}`,
    port,
    async close() {
      const stopped = Promise.all([live.stop(), outbox.stop(), compaction.stop(), retention.stop()]);
      clearInterval(heartbeat);
      for (const s of streams.keys()) s.raw.end();
      streams.clear();
      await app.close();
      await stopped;
    },
  };
}

/**
 * Runs `work` every `ms` in this process, never two at once; a failure is written to stderr under
 * `label` and the next tick tries again. `stop` resolves once a run under way has ended.
 */
function repeating(ms: number, work: () => Promise<unknown>, label?: string): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = work()
      .then(
        () => undefined,
        (error: unknown) => {
          if (label)
            process.stderr.write(`${label}: ${error instanceof Error ? error.message : String(error)}\n`);
        },
      )
      .finally(() => {
        running = null;
      });
  }, ms);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
