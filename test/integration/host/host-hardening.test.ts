import { Command } from 'commander';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerLinkCommand } from '../../../electron/cli/serve';
import { DEFAULT_BODY_BYTES } from '../../../electron/host/body-limits';
import { hostLinkPath, readHostLinkFile } from '../../../electron/host/link-file';
import { startHost, type RunningHost } from '../../../electron/host/server';
import { createFileLogger, type Logger } from '../../../electron/services/station/logger';
import { createStation, type Station } from '../../../electron/services/station/station';

interface Reply {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

function dechunk(raw: string): string {
  let out = '';
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, end), 16);
    if (!(size > 0)) return out;
    out += rest.slice(end + 2, end + 2 + size);
    rest = rest.slice(end + 2 + size + 2);
  }
}

/** A raw HTTP/1.1 exchange over a real socket, so malformed paths and lying lengths reach the server as sent. */
function exchange(port: number, head: string, body: Buffer | string = '', chunks = 1): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => (received += text));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may close while a refused body is still being written; its answer came first.
      if (received === '') reject(error);
    });
    socket.on('close', () => {
      const [top = '', ...rest] = received.split('\r\n\r\n');
      const raw = rest.join('\r\n\r\n');
      resolve({
        status: Number(top.split(' ')[1]),
        head: top,
        body: /chunked/i.test(top) ? dechunk(raw) : raw,
      });
    });
    socket.on('connect', () => {
      socket.write(head);
      const bytes = Buffer.from(body);
      const size = Math.ceil(bytes.length / chunks);
      for (let i = 0; i < bytes.length && !socket.destroyed; i += size)
        socket.write(bytes.subarray(i, i + size));
      socket.end();
    });
  });
}

const logged: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
let dir: string;
let dataDir: string;
let station: Station;
let host: RunningHost;
let cookie = '';

function invokeHead(length: number | 'chunked', extra: Record<string, string> = {}): string {
  const lines = [
    'POST /api/invoke HTTP/1.1',
    `Host: 127.0.0.1:${host.port}`,
    `Origin: http://127.0.0.1:${host.port}`,
    `Cookie: ${cookie}`,
    'Content-Type: application/json',
    'Connection: close',
    length === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`,
    ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
  ];
  return lines.join('\r\n') + '\r\n\r\n';
}

function callBody(name: string, padding: number): string {
  return JSON.stringify({ name, input: { pad: 'x'.repeat(padding) } });
}

async function runLink(): Promise<{ out: string; err: string; code: number | undefined }> {
  const io = { out: '', err: '', code: undefined as number | undefined };
  const program = new Command('pos-station').exitOverride();
  registerLinkCommand(program, {
    out: (t) => void (io.out += t),
    err: (t) => void (io.err += t),
    setExitCode: (c) => void (io.code = c),
  });
  await program.parseAsync(['link', '--data-dir', dataDir], { from: 'user' });
  return io;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-harden-'));
  dataDir = join(dir, 'data');
  // A data directory as an earlier version left it: world-readable directory, store and log.
  mkdirSync(join(dataDir, 'logs'), { recursive: true, mode: 0o755 });
  mkdirSync(join(dataDir, 'kyc', 'documents'), { recursive: true, mode: 0o755 });
  chmodSync(dataDir, 0o755);
  writeFileSync(join(dataDir, 'station.sqlite'), '', { mode: 0o644 });
  writeFileSync(join(dataDir, 'logs', 'station.log'), '', { mode: 0o644 });
  const staticDir = join(dir, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>station</title>');
  const file = createFileLogger(dataDir);
  const log: Logger = {
    info: (message, fields) => (logged.push({ level: 'info', message, fields }), file.info(message, fields)),
    warn: (message, fields) => (logged.push({ level: 'warn', message, fields }), file.warn(message, fields)),
    error: (message, fields) => (
      logged.push({ level: 'error', message, fields }),
      file.error(message, fields)
    ),
  };
  station = await createStation({ dataDir, demo: false, shell: 'browser', version: 't', log });
  host = await startHost({ station, port: 0, staticDir, log, linkDir: dataDir });
  const path = new URL(host.url).pathname + new URL(host.url).search;
  const first = await exchange(
    host.port,
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`,
  );
  cookie = /Set-Cookie: ([^;]+)/i.exec(first.head)![1]!;
});

afterAll(async () => {
  await host.close();
  await station.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('host: bad requests are the client’s, not crashes', () => {
  it('answers a malformed escape with 400 and logs no error or stack', async () => {
    const reply = await exchange(
      host.port,
      `GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`,
    );
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(/not valid/);
    expect(reply.body).not.toMatch(/at .*\.ts|URIError/);
    expect(logged.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('answers unparseable paths with 400, for plain requests and WebSocket upgrades alike', async () => {
    const plain = await exchange(
      host.port,
      `GET // HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`,
    );
    expect(plain.status).toBe(400);
    const upgrade = await exchange(
      host.port,
      [
        'GET // HTTP/1.1',
        `Host: 127.0.0.1:${host.port}`,
        `Origin: http://127.0.0.1:${host.port}`,
        `Cookie: ${cookie}`,
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      ].join('\r\n') + '\r\n\r\n',
    );
    expect(upgrade.status).toBe(403);
    // Still serving.
    const status = JSON.stringify({ name: 'station.status', input: {} });
    expect((await exchange(host.port, invokeHead(Buffer.byteLength(status)), status)).status).toBe(200);
    expect(logged.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('host: body limits per call', () => {
  it('refuses a body over the default limit by its declared length, before reading it', async () => {
    const reply = await exchange(host.port, invokeHead(DEFAULT_BODY_BYTES + 1));
    expect(reply.status).toBe(413);
    expect(reply.body).toContain('请求太大');
    expect(reply.body).toContain('at most 256 KiB');
  });

  it('refuses a streamed body at the first byte over the limit', async () => {
    const body = callBody('station.status', DEFAULT_BODY_BYTES + 1024);
    const chunked = body
      .match(/[\s\S]{1,16384}/g)!
      .map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`);
    const reply = await exchange(host.port, invokeHead('chunked'), chunked.join('') + '0\r\n\r\n', 8);
    expect(reply.status).toBe(413);
  });

  it('takes a small call as before', async () => {
    const body = JSON.stringify({ name: 'station.status', input: {} });
    const reply = await exchange(host.port, invokeHead(Buffer.byteLength(body)), body);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true });
  });

  it('lets a call that carries a file send more, when it says which call it is', async () => {
    const body = callBody('fees.checkLedger', 2 * 1024 * 1024);
    const reply = await exchange(
      host.port,
      invokeHead(Buffer.byteLength(body), { 'X-Station-Call': 'fees.checkLedger' }),
      body,
      16,
    );
    expect(reply.status).toBe(200);
    // Read and dispatched: the gate answers (not signed in), not the size check.
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('refuses a body that claims another call than its header (the limit was picked for the header)', async () => {
    const body = callBody('station.status', 10);
    const reply = await exchange(
      host.port,
      invokeHead(Buffer.byteLength(body), { 'X-Station-Call': 'fees.checkLedger' }),
      body,
    );
    expect(reply.status).toBe(400);
  });
});

describe('host: a fresh one-time link without a restart', () => {
  it('keeps the link file private to the station user', () => {
    expect(statSync(hostLinkPath(dataDir)).mode & 0o777).toBe(0o600);
  });

  it('pos-station link prints a link that opens the station once', async () => {
    const { out, code } = await runLink();
    expect(code).toBeUndefined();
    const url = new URL(/http:\/\/\S+/.exec(out)![0]);
    const open = () =>
      exchange(
        host.port,
        `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`,
      );
    const first = await open();
    expect(first.status).toBe(303);
    expect(first.head).toMatch(/Set-Cookie: pos_station_bridge=/i);
    const again = await open();
    expect(again.status).toBe(401);
    expect(again.body).toContain('pos-station link');
  });

  it('refuses a wrong secret and any request from a web page', async () => {
    const link = readHostLinkFile(dataDir);
    if (typeof link === 'string') throw new Error(link);
    const ask = (headers: string) =>
      exchange(
        host.port,
        `POST /api/link HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n${headers}Content-Length: 0\r\nConnection: close\r\n\r\n`,
      );
    expect((await ask('Authorization: Bearer wrong\r\n')).status).toBe(401);
    expect(
      (await ask(`Authorization: Bearer ${link.secret}\r\nOrigin: http://127.0.0.1:${host.port}\r\n`)).status,
    ).toBe(403);
  });

  it('refuses a link file others can read', async () => {
    chmodSync(hostLinkPath(dataDir), 0o644);
    try {
      const { err, code } = await runLink();
      expect(code).toBe(1);
      expect(err).toMatch(/readable by others/);
    } finally {
      chmodSync(hostLinkPath(dataDir), 0o600);
    }
  });
});

describe('data directory modes', () => {
  it('the directory, keys/, logs/ and the document folders are 0700; the store, its WAL and SHM, the key and the log 0600', () => {
    const mode = (p: string) => statSync(join(dataDir, p)).mode & 0o777;
    expect(mode('.')).toBe(0o700);
    expect(mode('keys')).toBe(0o700);
    expect(mode('logs')).toBe(0o700);
    expect(mode('kyc')).toBe(0o700);
    expect(mode('kyc/documents')).toBe(0o700);
    for (const file of ['station.sqlite', 'station.sqlite-wal', 'station.sqlite-shm', 'keys/documents.key']) {
      expect(existsSync(join(dataDir, file)), file).toBe(true);
      expect(mode(file), file).toBe(0o600);
    }
    expect(mode('logs/station.log')).toBe(0o600);
  });
});

describe('after the station stops', () => {
  it('pos-station link says no station is running', async () => {
    await host.close();
    const { err, code } = await runLink();
    expect(code).toBe(1);
    expect(err).toMatch(/No browser-hosted station is running/);
    host = { ...host, close: () => Promise.resolve() };
  });
});
