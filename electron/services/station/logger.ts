import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function describe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/**
 * JSON lines in <dataDir>/logs/station.log. Callers pass identifiers and codes, never ID or card
 * numbers; the PII scan test reads these files.
 */
export function createFileLogger(dataDir: string, echo: (line: string) => void = () => {}): Logger {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'station.log');
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    const entry: Record<string, unknown> = { at: new Date().toISOString(), level, message };
    for (const [k, v] of Object.entries(fields ?? {})) entry[k] = describe(v);
    const line = JSON.stringify(entry);
    // Owner only, like the rest of the data directory (no PII here, but sign-in names and errors).
    appendFileSync(file, line + '\n', { mode: 0o600 });
    echo(line);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
