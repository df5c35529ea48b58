import { z } from 'zod';
import { defineCall } from './define';

export const stationStatusSchema = z.object({
  version: z.string(),
  /** How this renderer is served: the desktop shell or the browser-hosted station. */
  shell: z.enum(['electron', 'browser']),
  demo: z.boolean(),
  schemaVersion: z.number().int(),
  stationId: z.string(),
  /** The station's clock as it answered (Asia/Shanghai ISO-8601): leases and due dates run on it. */
  now: z.string(),
  /** The last day the working-day calendar knows ('YYYY-MM-DD'): T+1 and review SLAs stop past it. */
  calendarCoversUntil: z.string(),
});
export type StationStatus = z.infer<typeof stationStatusSchema>;

export const stationCalls = {
  'station.status': defineCall({
    summary: 'What this station is and how it is running',
    access: 'public',
    input: z.object({}).strict(),
    output: stationStatusSchema,
  }),
};
