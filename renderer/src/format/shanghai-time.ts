/** Station times arrive as ISO text already in +08:00; show them as the wall clock in Shanghai. */
export function shanghaiWallClock(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

export function shanghaiDate(iso: string): string {
  return iso.slice(0, 10);
}
