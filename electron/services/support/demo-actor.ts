import type { Operator } from '../../contract/context';

/**
 * Who the demo seed's after-sales records are made by: training data, not a person. The backfill
 * after enrolment leaves what it made at the station (docs/sync.md §10.6).
 */
export const DEMO_ACTOR: Operator = {
  id: 'system',
  username: 'system',
  displayName: '演示数据',
  role: 'support',
};
