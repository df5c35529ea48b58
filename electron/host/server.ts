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

export interface HostOptions {
  readonly station: Station;
  /** 0 picks a free port. */
  readonly port: number;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  readonly log: Logger;
}

export interface RunningHost {
  readonly port: number;
  /** Opening this URL once signs the browser in to the bridge; the token cannot be used again. */
  readonly url: string;
  close(): Promise<void>;
}

const COOKIE = 'pos_station_bridge';
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const invokeBody = z.object({ name: z.string().min(1).max(100), input: z.unknown() });

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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The browser-hosted station: the built renderer and the contract on 127.0.0.1 only. A one-time
 * token in the printed URL is exchanged for an HttpOnly, SameSite=Strict cookie; every other
 * request needs that cookie, a loopback peer, our own Host header, and for calls our own Origin.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { station, log } = options;
  let oneTimeToken: string | null = token();
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

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log.error('Host request failed', { error });
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = refuse(req);
    if (refusal) return sendText(res, 403, refusal);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (oneTimeToken === null || offered !== oneTimeToken) {
        return sendText(
          res,
          401,
          '此链接无效或已被使用，请重新启动工作站获取新链接。\nThis link is wrong or was already used; restart the station for a new one.',
        );
      }
      oneTimeToken = null;
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
        '请使用工作站启动时打印的链接打开。\nOpen the station with the link it printed when it started.',
      );
    }

    if (url.pathname === '/api/invoke') {
      if (req.method !== 'POST') return sendText(res, 405, 'POST only');
      if (!isAllowedOrigin(req.headers.origin, port)) return sendText(res, 403, 'Wrong origin.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendText(res, 415, 'JSON only');
      }
      const raw = await readBody(req).catch(() => null);
      if (!raw) return sendText(res, 413, 'Request too large');
      let parsedJson: unknown;
      try {
        parsedJson = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendText(res, 400, 'Malformed JSON');
      }
      const body = invokeBody.safeParse(parsedJson);
      if (!body.success) return sendText(res, 400, 'Expected {name, input}');
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
    const file = await readStatic(options.staticDir, url.pathname);
    if (!file) return sendText(res, 404, 'Not found');
    res.writeHead(200, {
      'Content-Type': file.type,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      ...SECURITY_HEADERS,
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const slot = slotOf(req);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (
      refuse(req) ||
      !slot ||
      url.pathname !== '/api/events' ||
      !isAllowedOrigin(req.headers.origin, port)
    ) {
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
  const printed = oneTimeToken;
  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${printed}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
