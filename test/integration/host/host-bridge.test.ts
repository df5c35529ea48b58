import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import WebSocket from 'ws';
import { createStation, type Station } from '../../../electron/services/station/station';
import { silentLogger } from '../../../electron/services/station/logger';
import { startHost, type RunningHost } from '../../../electron/host/server';
import { isLoopbackAddress } from '../../../electron/host/loopback';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('browser-hosted station bridge', () => {
  let station: Station;
  let host: RunningHost;
  let cookie = '';
  const origin = () => `http://127.0.0.1:${host.port}`;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-host-'));
    const staticDir = join(dir, 'renderer');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>station</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    station = await createStation({
      dataDir: join(dir, 'data'),
      demo: true,
      shell: 'browser',
      version: 't',
      log: silentLogger,
    });
    host = await startHost({ station, port: 0, staticDir, log: silentLogger });
  });

  afterAll(async () => {
    await host.close();
    await station.close();
  });

  it('binds to 127.0.0.1 and prints a URL with a token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{43}$`));
  });

  it('refuses everything without the token', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js']) {
      expect((await send(host.port, path)).status).toBe(401);
    }
    const call = await send(host.port, '/api/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin() },
      body: JSON.stringify({ name: 'station.status', input: {} }),
    });
    expect(call.status).toBe(401);
  });

  it('refuses a wrong token', async () => {
    expect((await send(host.port, '/?token=wrong')).status).toBe(401);
  });

  it('exchanges the one-time token for a cookie, once', async () => {
    const path = new URL(host.url).pathname + new URL(host.url).search;
    const first = await send(host.port, path);
    expect(first.status).toBe(303);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0]!;
    expect((await send(host.port, path)).status).toBe(401);
  });

  it('serves the renderer with the CSP to the cookie holder', async () => {
    const page = await send(host.port, '/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('station');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const spaRoute = await send(host.port, '/fees', { headers: { Cookie: cookie } });
    expect(spaRoute.status).toBe(200);
    expect((await send(host.port, '/../../etc/passwd', { headers: { Cookie: cookie } })).body).not.toContain(
      'root:',
    );
  });

  it('answers contract calls with envelopes', async () => {
    const reply = await send(host.port, '/api/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin(), Cookie: cookie },
      body: JSON.stringify({ name: 'station.status', input: {} }),
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { shell: 'browser', demo: true } });
    const bad = await send(host.port, '/api/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin(), Cookie: cookie },
      body: JSON.stringify({ name: 'station.status', input: { extra: 1 } }),
    });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses cross-origin calls, foreign Host headers and malformed bodies', async () => {
    const base = { method: 'POST', body: JSON.stringify({ name: 'station.status', input: {} }) };
    const evil = await send(host.port, '/api/invoke', {
      ...base,
      headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example', Cookie: cookie },
    });
    expect(evil.status).toBe(403);
    const rebinding = await send(host.port, '/', {
      headers: { Host: `evil.example:${host.port}`, Cookie: cookie },
    });
    expect(rebinding.status).toBe(403);
    const malformed = await send(host.port, '/api/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin(), Cookie: cookie },
      body: '{not json',
    });
    expect(malformed.status).toBe(400);
  });

  it('opens the event socket only for the cookie holder on our origin', async () => {
    const open = (headers: Record<string, string>) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, { headers });
        ws.on('open', () => {
          ws.close();
          resolve(true);
        });
        ws.on('error', () => resolve(false));
      });
    expect(await open({ Origin: origin(), Cookie: cookie })).toBe(true);
    expect(await open({ Origin: origin() })).toBe(false);
    expect(await open({ Origin: 'http://evil.example', Cookie: cookie })).toBe(false);
  });

  it('recognises loopback peers only', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('192.168.1.20')).toBe(false);
    expect(isLoopbackAddress('::ffff:10.0.0.1')).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });
});
