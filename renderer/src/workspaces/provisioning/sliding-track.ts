import type { CSSProperties } from 'react';

/**
 * The flash bar's filled part, moved rather than resized. Ant Design's bar sets the track's width
 * and transitions `all` for 0.3 s: while 16 units flash, some bar was always in a width
 * transition, and a width transition lays the card out again on every frame, making new style and
 * layout objects on Blink's heap each time (~55 MB of garbage in half a minute, swept in one 187 ms
 * task — docs/performance.md, "Window: long tasks"). A full-width track slid left by the part not
 * done transitions its `transform` instead, which the compositor runs without style or layout. The
 * rail clips the slid-out part with its own rounded corners, so it looks the same; `--flash-left`
 * keeps the bar's "active" shimmer (the track's `::after`, provisioning.css) over the done part only.
 */
export function slidingTrack(percent: number): CSSProperties {
  const left = 100 - Math.min(100, Math.max(0, percent));
  return { width: '100%', transform: `translateX(-${left}%)`, ['--flash-left' as string]: `${left}%` };
}
