import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerAuditCommands } from '../../../electron/cli/audit';
import { withStore } from '../../../electron/cli/store-handle';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { cliHarness, type CliHarness } from './cli-fixtures';
import { fakeClock } from './fixtures';

let cli: CliHarness;

beforeEach(async () => {
  cli = cliHarness();
  await withStore(cli.openStore, (db) => {
    const audit = createAuditLog(db, fakeClock());
    db.transaction(() => {
      for (let i = 1; i <= 5; i++)
        audit.append({ actor: 'rita', action: 'case.claimed', subject: `application:A${i}` });
    })();
  });
});
afterEach(() => cli.cleanup());

describe('pos-station audit verify', () => {
  it('reports an intact log and exits 0', async () => {
    await cli.run(registerAuditCommands, 'audit', 'verify');
    expect(cli.io.stdout).toBe('Audit log intact: 5 records.\n');
    expect(cli.io.exitCode).toBeUndefined();
  });

  it('names the tampered record and exits non-zero', async () => {
    await withStore(cli.openStore, (db) => {
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3").run();
    });
    await cli.run(registerAuditCommands, 'audit', 'verify');
    expect(cli.io.stderr).toMatch(/^Audit log TAMPERED at record 3 \(edited\): /);
    expect(cli.io.exitCode).toBe(1);
  });

  it('prints JSON on request', async () => {
    await withStore(cli.openStore, (db) => {
      db.exec('DROP TRIGGER audit_log_no_delete');
      db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
    });
    await cli.run(registerAuditCommands, 'audit', 'verify', '--json');
    expect(JSON.parse(cli.io.stdout)).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'truncated' });
    expect(cli.io.exitCode).toBe(1);
  });
});
