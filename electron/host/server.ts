import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { SessionSlot, Station } from '../services/station/station';
import type { Logger } from '../services/station/logger';
import { RENDERER_CSP } from '../contract/csp';
import { isAllowedHost, isAllowedOrigin, isLoopbackAddress } from './loopback';
import { readStatic } from './static-files';
import { bodyLimitFor, describeLimit } from './body-limits';
import { newLinkSecret, removeHostLinkFile, sameSecret, writeHostLinkFile } from './link-file';

export interface HostOptions {
  readonly station: Station;
  /** 0 picks a free port. */
  readonly port: number;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  readonly log: Logger;
  /** Where `pos-station link` finds this station (the data directory); none in tests that need no links. */
  readonly linkDir?: string;
}

export interface RunningHost {
  readonly port: number;
  /** Opening this URL once signs the browser in to the bridge; the token cannot be used again. */
  readonly url: string;
  /** A fresh one-time link (a closed tab needs one); valid for LINK_TTL_MS or until used. */
  newLink(): string;
  close(): Promise<void>;
}

const COOKIE = 'pos_station_bridge';
/** Which call a body is for, sent ahead of it so the host can pick the call's body limit first. */
export const CALL_HEADER = 'x-station-call';
/** A link made by `pos-station link` lasts this long unless used first; the start link lasts until used. */
export const LINK_TTL_MS = 10 * 60_000;
const invokeBody = z.object({ name: z.string().min(1).max(100), input: z.unknown() });

/** A request the host refuses with words, not a crash: thrown while reading, answered by handle(). */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {
    super(text);
  }
}

function tooLarge(limit: number): Refusal {
  const size = describeLimit(limit);
  return new Refusal(
    413,
    `请求太大：这个操作最多接受 ${size}。\nThe request is too large: this call accepts at most ${size}.`,
  );
}

function token(): string {
  return randomBytes(32).toString('base64url');
}

function cookieOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === COOKIE) return rest.join('=');
  }
  return undefined;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end(text);
}

/**
 * Reads a body of at most `limit` bytes. A declared length over the limit is refused before a byte
 * is read; a streamed body is counted as it arrives and refused at the first byte over, without
 * holding more than the limit in memory.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The request's path, decoded; a malformed URL or escape (`/%E0%A4%A`) is the client's mistake. */
function requestUrl(req: IncomingMessage, port: number): { url: URL; path: string } {
  try {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    return { url, path: decodeURIComponent(url.pathname) };
  } catch {
    throw new Refusal(400, '请求地址无效。\nThe request path is not valid.');
  }
}

/**
 * The browser-hosted station: the built renderer and the contract on 127.0.0.1 only. A one-time
 * token in the printed URL is exchanged for an HttpOnly, SameSite=Strict cookie; every other
 * request needs that cookie, a loopback peer, our own Host header, and for calls our own Origin.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { station, log } = options;
  /** Unused one-time link tokens and when each expires (the start link never does). */
  const linkTokens = new Map<string, number>([[token(), Number.POSITIVE_INFINITY]]);
  const linkSecret = newLinkSecret();
  const bridges = new Map<string, SessionSlot>();
  let port = 0;

  const slotOf = (req: IncomingMessage): SessionSlot | undefined => {
    const id = cookieOf(req);
    return id ? bridges.get(id) : undefined;
  };

  const refuse = (req: IncomingMessage): string | null => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return 'Only this computer may use the station.';
    if (!isAllowedHost(req.headers.host, port)) return 'Wrong host name.';
    return null;
  };

  const takeLinkToken = (offered: string): boolean => {
    const expires = linkTokens.get(offered);
    linkTokens.delete(offered);
    for (const [t, until] of linkTokens) if (until <= Date.now()) linkTokens.delete(t);
    return expires !== undefined && expires > Date.now();
  };
  const newLink = (): string => {
    const fresh = token();
    linkTokens.set(fresh, Date.now() + LINK_TTL_MS);
    return `http://127.0.0.1:${port}/?token=${fresh}`;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (error instanceof Refusal) {
        if (!res.headersSent) {
          res.setHeader('Connection', 'close');
          sendText(res, error.status, error.text);
        }
        return;
      }
      log.error('Host request failed', { error });
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = refuse(req);
    if (refusal) return sendText(res, 403, refusal);
    const { url, path } = requestUrl(req, port);

    if (path === '/api/link') return answerLink(req, res);

    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (!takeLinkToken(offered)) {
        return sendText(
          res,
          401,
          '此链接无效、已过期或已被使用。请在工作站电脑上运行 pos-station link 获取新链接。\nThis link is wrong, expired or was already used; run `pos-station link` on the station computer for a new one.',
        );
      }
      const id = token();
      bridges.set(id, { token: null });
      res.writeHead(303, {
        'Set-Cookie': `${COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/`,
        Location: '/',
        ...SECURITY_HEADERS,
      });
      res.end();
      return;
    }

    const slot = slotOf(req);
    if (!slot) {
      return sendText(
        res,
        401,
        '请使用工作站启动时打印的链接打开；标签页关闭后，在本机运行 pos-station link 获取新链接。\nOpen the station with the link it printed when it started; after closing the tab, run `pos-station link` on this computer for a new one.',
      );
    }

    if (path === '/api/invoke') {
      if (req.method !== 'POST') return sendText(res, 405, 'POST only');
      if (!isAllowedOrigin(req.headers.origin, port)) return sendText(res, 403, 'Wrong origin.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendText(res, 415, 'JSON only');
      }
      const call = req.headers[CALL_HEADER];
      const declaredCall = typeof call === 'string' ? call : undefined;
      const raw = await readBody(req, bodyLimitFor(declaredCall));
      let parsedJson: unknown;
      try {
        parsedJson = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendText(res, 400, 'Malformed JSON');
      }
      const body = invokeBody.safeParse(parsedJson);
      if (!body.success) return sendText(res, 400, 'Expected {name, input}');
      // The limit was chosen for the declared call; the body may not claim another one.
      if (declaredCall !== undefined && declaredCall !== body.data.name) {
        return sendText(res, 400, `The ${CALL_HEADER} header names another call than the body.`);
      }
      const envelope = await station.invoke(body.data.name, body.data.input, slot, 'host');
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        ...SECURITY_HEADERS,
      });
      res.end(JSON.stringify(envelope));
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'GET only');
    const file = await readStatic(options.staticDir, path);
    if (!file) return sendText(res, 404, 'Not found');
    res.writeHead(200, {
      'Content-Type': file.type,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      ...SECURITY_HEADERS,
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  /**
   * `pos-station link`: POST /api/link with the secret from the data directory's host.json. No
   * cookie, no browser: a request with an Origin (any web page) is refused.
   */
  function answerLink(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') return sendText(res, 405, 'POST only');
    if (req.headers.origin !== undefined) return sendText(res, 403, 'Not from a browser.');
    const auth = req.headers.authorization;
    const offered = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    if (!sameSecret(offered, linkSecret)) return sendText(res, 401, 'Wrong link secret.');
    const url = newLink();
    log.info('One-time link issued', { via: 'pos-station link' });
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...SECURITY_HEADERS,
    });
    res.end(JSON.stringify({ url }));
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const slot = slotOf(req);
    let path: string | null = null;
    try {
      path = requestUrl(req, port).path;
    } catch {
      // A malformed upgrade path is refused below like any other; it must not throw out of here.
    }
    if (refuse(req) || !slot || path !== '/api/events' || !isAllowedOrigin(req.headers.origin, port)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const unsubscribe = station.events.subscribe(
        () => station.operatorOf(slot)?.role ?? null,
        (name, payload) => ws.send(JSON.stringify({ name, payload })),
      );
      ws.on('close', unsubscribe);
      ws.on('error', unsubscribe);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const [printed] = linkTokens.keys();
  if (options.linkDir !== undefined) {
    writeHostLinkFile(options.linkDir, { port, pid: process.pid, secret: linkSecret });
  }
  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${printed!}`,
    newLink,
    close: () =>
      new Promise<void>((resolve) => {
        if (options.linkDir !== undefined) removeHostLinkFile(options.linkDir);
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
