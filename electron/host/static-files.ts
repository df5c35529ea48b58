import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
  readonly immutable: boolean;
}

/**
 * Resolves a decoded URL path inside the built renderer; unknown paths fall back to index.html
 * (client routes). The caller decodes, so a malformed escape is its 400, not a crash here.
 */
export async function readStatic(root: string, decodedPath: string): Promise<StaticFile | null> {
  if (decodedPath.includes('\0')) return null;
  const relative = normalize(decodedPath).replace(/^([/\\])+/, '');
  const candidate = join(root, relative);
  if (candidate !== root && !candidate.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  let file = candidate;
  const info = await stat(candidate).catch(() => null);
  if (!info || !info.isFile()) {
    if (extname(relative)) return null;
    file = join(root, 'index.html');
  }
  const body = await readFile(file).catch(() => null);
  if (!body) return null;
  return {
    body,
    type: TYPES[extname(file)] ?? 'application/octet-stream',
    immutable: file.includes(`${sep}assets${sep}`),
  };
}
