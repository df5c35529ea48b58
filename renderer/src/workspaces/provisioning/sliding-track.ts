import type { CSSProperties } from 'react';

/**
 * The flash bar's filled part, moved rather than resized, in steps. Ant Design's bar sets the
 * track's width and transitions `all` for 0.3 s: a width lays the card out again, and with 16
 * units flashing some bar was always in a width transition (~55 MB of Blink garbage in half a
 * minute, swept in one 187 ms task). A full-width track slid left by the part not done changes only
 * its `transform`; the rail clips the slid-out part with its own rounded corners, so it looks the
 * same. And no transition at all: progress comes four times a second, each a step of a few pixels,
 * and a transition per step made the window recalculate styles and dispatch three transition
 * events to React on nearly every frame (docs/performance.md, "Window: long tasks", 2026-12-04 late).
 */
export function slidingTrack(percent: number): CSSProperties {
  const left = 100 - Math.min(100, Math.max(0, percent));
  return { width: '100%', transform: `translateX(-${left}%)`, transition: 'none' };
}
