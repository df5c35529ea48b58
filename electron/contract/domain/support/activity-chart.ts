/**
 * The geometry of the activity-per-day chart, defined once for the screen (SVG) and the PDF: one
 * bar per day scaled to the busiest day, failed transactions stacked in red above the approved, and
 * the longest idle run shaded so a gap of idle weeks stands out.
 */
export interface ActivityDay {
  readonly day: string;
  readonly approved: number;
  readonly failed: number;
  readonly amountFen: number;
}

export interface ChartBar {
  readonly day: string;
  readonly x: number;
  readonly width: number;
  /** The approved part: from y to the baseline. */
  readonly approvedY: number;
  readonly approvedHeight: number;
  /** The failed part, stacked above the approved one. */
  readonly failedY: number;
  readonly failedHeight: number;
}

export interface ActivityChart {
  readonly bars: ChartBar[];
  /** The busiest day's transactions (approved + failed): the top of the scale. */
  readonly top: number;
  readonly idle: { readonly x: number; readonly width: number } | null;
  /** Month starts along the time axis, for labels. */
  readonly ticks: { readonly x: number; readonly label: string }[];
}

export function activityChart(
  days: readonly ActivityDay[],
  longestIdle: { from: string; to: string } | null,
  width: number,
  height: number,
): ActivityChart {
  const top = Math.max(1, ...days.map((d) => d.approved + d.failed));
  const step = days.length > 0 ? width / days.length : width;
  const barWidth = Math.max(0.5, step * 0.8);
  const scale = (n: number) => (n / top) * height;
  const bars = days.map((d, i) => {
    const approvedHeight = scale(d.approved);
    const failedHeight = scale(d.failed);
    return {
      day: d.day,
      x: i * step + (step - barWidth) / 2,
      width: barWidth,
      approvedY: height - approvedHeight,
      approvedHeight,
      failedY: height - approvedHeight - failedHeight,
      failedHeight,
    };
  });
  let idle: ActivityChart['idle'] = null;
  if (longestIdle) {
    const from = days.findIndex((d) => d.day === longestIdle.from);
    const to = days.findIndex((d) => d.day === longestIdle.to);
    if (from >= 0 && to >= from) idle = { x: from * step, width: (to - from + 1) * step };
  }
  const ticks = days.flatMap((d, i) =>
    i === 0 || d.day.endsWith('-01') ? [{ x: i * step, label: d.day.slice(0, 7) }] : [],
  );
  return { bars, top, idle, ticks };
}
