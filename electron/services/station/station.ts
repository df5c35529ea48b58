import { randomUUID } from 'node:crypto';
import { createDispatcher, type HandlerTable } from '../../contract/dispatch';
import type { CallContext, Operator } from '../../contract/context';
import type { Envelope } from '../../contract/errors';
import { contractCalls } from '../../contract';
import type { HandlersFor } from '../../contract/handler';
import type { stationCalls } from '../../contract/station';
import { openDatabase, type Db } from '../../store/database';
import { databaseFile } from './data-dir';
import { EventHub } from '../event-hub';
import type { Logger } from './logger';

export interface StationConfig {
  readonly dataDir: string;
  readonly demo: boolean;
  readonly shell: 'electron' | 'browser';
  readonly version: string;
  readonly log: Logger;
}

/** Per renderer connection (a window, a browser session): which operator session it carries. */
export interface SessionSlot {
  token: string | null;
}

export interface Station {
  readonly db: Db;
  readonly events: EventHub;
  readonly stationId: string;
  invoke(name: string, input: unknown, slot: SessionSlot, via: CallContext['via']): Promise<Envelope<unknown>>;
  operatorOf(slot: SessionSlot): Operator | null;
  close(): void;
}

function stationIdOf(db: Db): string {
  const existing = db.prepare("SELECT value FROM station_settings WHERE key = 'station.id'").pluck().get();
  if (typeof existing === 'string') return existing;
  const id = randomUUID();
  db.prepare("INSERT INTO station_settings (key, value) VALUES ('station.id', ?)").run(id);
  return id;
}

/** The composition root: one store, the services over it, and the dispatcher every transport uses. */
export function createStation(config: StationConfig): Station {
  const db = openDatabase({ file: databaseFile(config.dataDir) });
  const events = new EventHub();
  const stationId = stationIdOf(db);
  const schemaVersion = Number(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() ?? 0);

  const stationHandlers: HandlersFor<typeof stationCalls> = {
    'station.status': () => ({
      version: config.version,
      shell: config.shell,
      demo: config.demo,
      schemaVersion,
      stationId,
    }),
  };

  const handlers: HandlersFor<typeof contractCalls> = { ...stationHandlers };
  const dispatch = createDispatcher(contractCalls, handlers as unknown as HandlerTable, {
    error: (message, detail) => config.log.error(message, detail),
  });

  const operatorOf = (_slot: SessionSlot): Operator | null => null;

  return {
    db,
    events,
    stationId,
    operatorOf,
    async invoke(name, input, slot, via) {
      const operator = operatorOf(slot);
      return dispatch(name, input, { operator, sessionId: operator ? slot.token : null, via });
    },
    close() {
      db.close();
    },
  };
}
