import { openDatabase } from '../../../electron/store/database';
import {
  EVIDENCE_OUTCOMES,
  EVIDENCE_STEPS,
  RUN_KINDS,
  RUN_STATUSES,
} from '../../../electron/contract/domain/devices/provisioning';

/** The values a column's `CHECK (column IN (...))` allows, as the store was created. */
function checkedValues(sql: string, column: string): string[] {
  const match = new RegExp(
    `${column} TEXT NOT NULL(?: DEFAULT '[a-z_]+')?\\s+CHECK \\(${column} IN \\(([^)]*)\\)\\)`,
  ).exec(sql);
  if (!match) throw new Error(`no CHECK list for ${column}`);
  return match[1]!.split(',').map((v) => v.trim().replace(/^'|'$/g, ''));
}

describe('provisioning vocabulary: one definition, and the store agrees with it', () => {
  const db = openDatabase({ file: ':memory:' });
  const tableSql = (name: string) =>
    (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string }).sql;

  it('run statuses in the store are exactly the contract’s', () => {
    expect(checkedValues(tableSql('provisioning_runs'), 'status')).toEqual([...RUN_STATUSES]);
  });

  it('run kinds in the store are exactly the contract’s', () => {
    expect(checkedValues(tableSql('provisioning_runs'), 'kind')).toEqual([...RUN_KINDS]);
  });

  it('evidence steps and outcomes in the store are exactly the contract’s', () => {
    const sql = tableSql('provisioning_evidence');
    expect(checkedValues(sql, 'step')).toEqual([...EVIDENCE_STEPS]);
    expect(checkedValues(sql, 'outcome')).toEqual([...EVIDENCE_OUTCOMES]);
  });
});
