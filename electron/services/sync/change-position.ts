/**
 * Positions in the hub's change log, `<xid>:<seq>`: the station's pull cursor and the head the live
 * channel gives a stream when it opens. They order by transaction id, then by seq (server/changes.ts).
 */
const POSITION = /^(\d{1,20}):(\d{1,20})$/;

/** Whether `cursor` is at or past `head`; false when either is not a position. */
export function atOrPast(cursor: string, head: string): boolean {
  const c = POSITION.exec(cursor);
  const h = POSITION.exec(head);
  if (!c || !h) return false;
  const [cx, cs, hx, hs] = [c[1], c[2], h[1], h[2]].map((n) => BigInt(n!));
  return cx! > hx! || (cx === hx && cs! >= hs!);
}

/** The head in the data of the hub's `hello` (`{"head":"<xid>:<seq>"}`), or '' when it has none. */
export function helloHead(data: string): string {
  try {
    const head = (JSON.parse(data) as { head?: unknown }).head;
    return typeof head === 'string' ? head : '';
  } catch {
    return '';
  }
}
