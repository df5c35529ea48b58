import { useEffect, useEffectEvent, useState } from 'react';
import { useStation } from '../../shell/station-context';
import type { QueueFilter, QueueItem, QueueSort, QueueStats } from './types';

/** Rows per call: the station pages by keyset on the sort, so every page costs the same. */
const PAGE_SIZE = 100;

export interface Queue {
  readonly items: readonly QueueItem[];
  /** The filter's total and SLA counts; null until they arrive. */
  readonly stats: QueueStats | null;
  readonly loading: boolean;
  readonly hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

interface Loaded {
  readonly filter: QueueFilter;
  readonly sort: QueueSort;
  readonly generation: number;
  readonly items: readonly QueueItem[];
  readonly nextCursor: string | null;
}

/**
 * The queue under a filter and sort, fetched page by page as the table scrolls, with its counts
 * (total, overdue, due today) fetched beside the first page. A filter or sort change or a reload
 * starts again from the first page; answers for an older one are dropped.
 */
export function useQueue(filter: QueueFilter, sort: QueueSort, onError: (error: unknown) => void): Queue {
  const { client } = useStation();
  const [generation, setGeneration] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [stats, setStats] = useState<QueueStats | null>(null);
  const [appending, setAppending] = useState(false);
  const report = useEffectEvent(onError);

  useEffect(() => {
    let live = true;
    client.call('kyc.queue', { ...filter, sort, limit: PAGE_SIZE }).then(
      (page) => {
        if (live) setLoaded({ filter, sort, generation, items: page.items, nextCursor: page.nextCursor });
      },
      (error: unknown) => {
        if (!live) return;
        report(error);
        setLoaded({ filter, sort, generation, items: [], nextCursor: null });
      },
    );
    return () => {
      live = false;
    };
  }, [client, filter, sort, generation]);

  // The counts do not depend on the order.
  useEffect(() => {
    let live = true;
    client.call('kyc.queueStats', filter).then(
      (s) => {
        if (live) setStats(s);
      },
      (error: unknown) => {
        if (live) report(error);
      },
    );
    return () => {
      live = false;
    };
  }, [client, filter, generation]);

  const current =
    loaded !== null && loaded.filter === filter && loaded.sort === sort && loaded.generation === generation;

  const loadMore = () => {
    if (!current || loaded.nextCursor === null || appending) return;
    const base = loaded;
    const cursor = loaded.nextCursor;
    setAppending(true);
    client
      .call('kyc.queue', { ...filter, sort, limit: PAGE_SIZE, cursor })
      .then((page) =>
        setLoaded((now) =>
          now === base ? { ...now, items: [...now.items, ...page.items], nextCursor: page.nextCursor } : now,
        ),
      )
      .catch(onError)
      .finally(() => setAppending(false));
  };

  return {
    items: loaded?.items ?? [],
    stats,
    loading: !current || appending,
    hasMore: current && loaded.nextCursor !== null,
    loadMore,
    reload: () => setGeneration((g) => g + 1),
  };
}
