import { Agent, request } from 'node:https';
import type { StationIdentity } from './identity';

/** The hub did not answer with a decision (unreachable, cut, 5xx, 429): nothing is known, retry. */
export class HubUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HubUnavailable';
  }
}

/** The hub refused the request itself (4xx other than 429): retrying the same request will not help. */
export class HubRefusedRequest extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole answer (e.g. `messageZh`, `lockedUntil`), for callers that show more than the code. */
    readonly body: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'HubRefusedRequest';
  }
}

export interface HubClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  /** Server-sent events: calls onEvent for each, until the returned stop is called or the stream ends. */
  events(onEvent: (event: string, data: string) => void, onEnd: (error?: Error) => void): () => void;
  close(): void;
}

/** Every request over mutual TLS: the station's certificate, and only the hub CA trusted. */
export function createHubClient(identity: StationIdentity, timeoutMs = 15_000): HubClient {
  const agent = new Agent({
    cert: identity.certPem,
    key: identity.keyPem,
    ca: identity.caPem,
    keepAlive: true,
    maxSockets: 4,
  });

  function send<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(new URL(path, identity.hubUrl), {
        method,
        agent,
        timeout: timeoutMs,
        headers: payload ? { 'content-type': 'application/json' } : {},
      });
      req.on('timeout', () => req.destroy(new HubUnavailable('the hub did not answer in time')));
      req.on('error', (error) =>
        reject(
          error instanceof HubUnavailable ? error : new HubUnavailable(`hub unreachable: ${error.message}`),
        ),
      );
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (error) => reject(new HubUnavailable(`answer cut off: ${error.message}`)));
        res.on('aborted', () => reject(new HubUnavailable('answer cut off')));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          let parsed: unknown;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            reject(new HubUnavailable(`unreadable answer (HTTP ${status})`));
            return;
          }
          if (status >= 200 && status < 300) return resolve(parsed as T);
          const info = parsed as { code?: string; message?: string };
          if (status === 429 || status >= 500)
            return reject(new HubUnavailable(`${info.code ?? `HTTP ${status}`}: ${info.message ?? ''}`));
          reject(
            new HubRefusedRequest(
              status,
              info.code ?? `HTTP_${status}`,
              info.message ?? `HTTP ${status}`,
              typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {},
            ),
          );
        });
      });
      req.end(payload);
    });
  }

  return {
    get: (path) => send('GET', path),
    post: (path, body) => send('POST', path, body),
    events(onEvent, onEnd) {
      const req = request(new URL('/v1/events', identity.hubUrl), { method: 'GET', agent });
      let buffer = '';
      let ended = false;
      const finish = (error?: Error) => {
        if (ended) return;
        ended = true;
        onEnd(error);
      };
      req.on('error', (error) => finish(error));
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          finish(new HubUnavailable(`live channel refused: HTTP ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let at: number;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data.push(line.slice(6));
            }
            if (data.length > 0) onEvent(event, data.join('\n'));
          }
        });
        res.on('end', () => finish());
        res.on('error', (error) => finish(error));
      });
      req.end();
      return () => {
        ended = true;
        req.destroy();
      };
    },
    close: () => agent.destroy(),
  };
}
