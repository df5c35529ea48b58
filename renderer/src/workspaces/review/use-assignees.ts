import { useEffect, useMemo, useState } from 'react';
import type { Operator } from '../../../../electron/contract/context';
import { useStation } from '../../shell/station-context';
import type { QueueItem } from './types';

export interface Assignee {
  readonly id: string;
  readonly displayName: string;
}

/**
 * Whom the queue can be filtered by: every enabled reviewer and senior reviewer on the station
 * ('users.reviewers', loaded once per view) — not only those holding a case in the rows loaded so
 * far — plus anyone else holding one of those rows (a reviewer disabled since) and the operator.
 */
export function useAssignees(items: readonly QueueItem[], operator: Operator): readonly Assignee[] {
  const { client } = useStation();
  const [reviewers, setReviewers] = useState<readonly Assignee[]>([]);

  useEffect(() => {
    let live = true;
    void client.call('users.reviewers', {}).then((r) => {
      if (live) setReviewers(r.reviewers);
    });
    return () => {
      live = false;
    };
  }, [client]);

  return useMemo(() => {
    const seen = new Map<string, string>([[operator.id, operator.displayName]]);
    for (const r of reviewers) seen.set(r.id, r.displayName);
    for (const item of items) if (item.assignee) seen.set(item.assignee.id, item.assignee.displayName);
    return [...seen].map(([id, displayName]) => ({ id, displayName }));
  }, [items, operator, reviewers]);
}
