import { Umzug, type UmzugStorage } from 'umzug';
import type { HubDb, Sql } from './db';
import { MIGRATIONS } from './schema';

/** Any number 'pos-hub:migrate' fits in a bigint: two hub processes migrating at once take turns. */
const MIGRATION_LOCK = 7_415_001;

const storage: UmzugStorage<Sql> = {
  async executed({ context }) {
    await context.query(
      'CREATE TABLE IF NOT EXISTS hub_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const rows = await context.query<{ name: string }>('SELECT name FROM hub_migrations ORDER BY name');
    return rows.map((r) => r.name);
  },
  async logMigration({ name, context }) {
    await context.query('INSERT INTO hub_migrations (name) VALUES ($1)', [name]);
  },
  async unlogMigration({ name, context }) {
    await context.query('DELETE FROM hub_migrations WHERE name = $1', [name]);
  },
};

function umzugOver(q: Sql): Umzug<Sql> {
  return new Umzug<Sql>({
    migrations: MIGRATIONS.map((m) => ({ name: m.name, up: ({ context }) => m.up(context) })),
    context: q,
    storage,
    logger: undefined,
  });
}

/**
 * Brings the schema up to date, all in one transaction (PostgreSQL DDL is transactional): a
 * failed migration leaves the schema as it was. Returns the names applied now.
 */
export async function migrate(db: HubDb): Promise<string[]> {
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const applied = await umzugOver(q).up();
    return applied.map((m) => m.name);
  });
}

export interface SchemaStatus {
  readonly applied: string[];
  readonly pending: string[];
}

export async function schemaStatus(db: HubDb): Promise<SchemaStatus> {
  return db.tx(async (q) => {
    const u = umzugOver(q);
    const applied = await u.executed();
    const pending = await u.pending();
    return { applied: applied.map((m) => m.name), pending: pending.map((m) => m.name) };
  });
}
