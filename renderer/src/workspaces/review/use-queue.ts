import { useEffect, useEffectEvent, useState } from 'react';
import { useStation } from '../../shell/station-context';
import type { QueueFilter, QueueItem } from './types';

/** Rows per call: the station pages on (due, id), so every page costs the same. */
const PAGE_SIZE = 100;

export interface Queue {
  readonly items: readonly QueueItem[];
  readonly loading: boolean;
  readonly hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

interface Loaded {
  readonly filter: QueueFilter;
  readonly generation: number;
  readonly items: readonly QueueItem[];
  readonly nextCursor: string | null;
}

/**
 * The queue under a filter, in due order, fetched page by page as the table scrolls. A filter
 * change or reload starts again from the first page; answers for an older filter are dropped.
 */
export function useQueue(filter: QueueFilter, onError: (error: unknown) => void): Queue {
  const { client } = useStation();
  const [generation, setGeneration] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [appending, setAppending] = useState(false);
  const report = useEffectEvent(onError);

  useEffect(() => {
    let live = true;
    client.call('kyc.queue', { ...filter, limit: PAGE_SIZE }).then(
      (page) => {
        if (live) setLoaded({ filter, generation, items: page.items, nextCursor: page.nextCursor });
      },
      (error: unknown) => {
        if (!live) return;
        report(error);
        setLoaded({ filter, generation, items: [], nextCursor: null });
      },
    );
    return () => {
      live = false;
    };
  }, [client, filter, generation]);

  const current = loaded !== null && loaded.filter === filter && loaded.generation === generation;

  const loadMore = () => {
    if (!current || loaded.nextCursor === null || appending) return;
    const base = loaded;
    const cursor = loaded.nextCursor;
    setAppending(true);
    client
      .call('kyc.queue', { ...filter, limit: PAGE_SIZE, cursor })
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
    loading: !current || appending,
    hasMore: current && loaded.nextCursor !== null,
    loadMore,
    reload: () => setGeneration((g) => g + 1),
  };
}
