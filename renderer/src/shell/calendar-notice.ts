/** How far ahead the shell warns that the working-day calendar runs out. */
export const CALENDAR_WARNING_DAYS = 30;

export type CalendarNotice =
  | { readonly level: 'warning'; readonly coversUntil: string; readonly daysLeft: number }
  | { readonly level: 'error'; readonly coversUntil: string };

/**
 * Whether the shell must say that the holiday calendar ends soon (T+1 settlement dates and review
 * deadlines past it cannot be computed) or has ended. Dates are 'YYYY-MM-DD' in Shanghai.
 */
export function calendarNotice(coversUntil: string, today: string): CalendarNotice | null {
  const daysLeft = Math.round((Date.parse(coversUntil) - Date.parse(today)) / 86_400_000);
  if (Number.isNaN(daysLeft)) return null;
  if (daysLeft < 0) return { level: 'error', coversUntil };
  return daysLeft <= CALENDAR_WARNING_DAYS ? { level: 'warning', coversUntil, daysLeft } : null;
}
