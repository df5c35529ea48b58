/**
 * The hub's roles are the station's (electron/contract/define.ts ROLES, one list): the migrated
 * CHECK on hub_operators.role holds exactly that list, on both databases, so a role added to the
 * list without a hub migration that widens the CHECK fails here; and the `hub operator` command
 * takes every role of it (support_lead included), refusing any other by naming the field.
 */
import { ROLES } from '../../../electron/contract/define';
import { checkOperatorFields, upsertOperator } from '../../../server/admin';
import { createTestDatabase, ENGINES, type TestDatabase } from './harness';

describe.each(ENGINES)('hub roles on %s', (engine) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
  }, 60_000);
  afterAll(async () => {
    await tdb?.dispose();
  });

  it("the CHECK on hub_operators.role is exactly the station's ROLES", async () => {
    const [row] = await tdb.db.query<{ def: string }>(
      `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
        WHERE c.conrelid = 'hub_operators'::regclass AND c.contype = 'c'`,
    );
    const listed = [...row!.def.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(new Set(ROLES));
    expect(listed).toHaveLength(ROLES.length);
  });

  it('every role can be given to an operator at the hub; another is refused naming --role', async () => {
    for (const role of ROLES) await upsertOperator(tdb.db, `op-${role}`, `Operator ${role}`, role);
    const rows = await tdb.db.query<{ role: string }>('SELECT role FROM hub_operators ORDER BY role');
    expect(rows.map((r) => r.role).sort()).toEqual([...ROLES].sort());
    // Changing an operator's role to the support lead, as `hub operator add` does for an existing name.
    await upsertOperator(tdb.db, 'op-support', 'Operator support', 'support_lead');
    const [changed] = await tdb.db.query<{ role: string }>(
      "SELECT role FROM hub_operators WHERE username = 'op-support'",
    );
    expect(changed!.role).toBe('support_lead');
    expect(() => checkOperatorFields('x', 'supervisor')).toThrow(
      /^--role: one of warehouse, .*support_lead, admin$/,
    );
    await expect(
      tdb.db.query("INSERT INTO hub_operators (username, display_name, role) VALUES ('y', 'y', 'root')"),
    ).rejects.toThrow(/check constraint/);
  });
});
