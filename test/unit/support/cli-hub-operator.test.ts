import type { Operator } from '../../../electron/contract/context';
import { hubOperator } from '../../../electron/cli/cli-hub-push';
import { openDatabase } from '../../../electron/store/database';

/**
 * At an enrolled station a CLI change is the named hub operator's: their local account (made when
 * they signed in here against the hub) when there is one, so the second-person rule sees the same
 * person in the window and on the command line; in the role the command acts in.
 */
const cli: Operator = {
  id: 'cli:root',
  username: 'cli:root',
  displayName: 'Command line (root)',
  role: 'support',
};

it('names the hub operator, with their local account id where they signed in here', () => {
  const db = openDatabase({ file: ':memory:' });
  try {
    db.prepare(
      "INSERT INTO operators (id, username, display_name, role, password_hash, created_at) VALUES ('op-17', 'desk', '刘售后', 'support', 'x', '2026-12-04T09:00:00+08:00')",
    ).run();
    expect(hubOperator(db, 'desk', cli)).toEqual({
      id: 'op-17',
      username: 'desk',
      displayName: '刘售后',
      role: 'support',
    });
    expect(hubOperator(db, 'lead', cli)).toEqual({
      id: 'lead',
      username: 'lead',
      displayName: 'lead',
      role: 'support',
    });
  } finally {
    db.close();
  }
});
