import { z } from 'zod';
import { defineCall } from './define';

/** Speeds offered on the Settings screen; the protocol has no list (the unit answers with what it supports). */
export const COMMON_LINE_SPEEDS = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600] as const;

/** HELLO's `linkBaud` is a u32 (docs/protocol.md §3). */
const baud = z.number().int().min(1).max(0xffff_ffff);

export const lineSettingsSchema = z.object({
  /** The speed terminals power on at. */
  powerOnBaud: baud,
  /** The speed HELLO proposes once linked; 0 keeps the power-on speed. */
  proposeBaud: z.union([z.literal(0), baud]),
});
export type LineSettings = z.infer<typeof lineSettingsSchema>;

export const stationSettingsCalls = {
  'station.lineSettings': defineCall({
    summary: 'Serial line speeds stored in the station (used by provisioning), and those in use now',
    access: 'signed-in',
    input: z.strictObject({}),
    output: z.object({ stored: lineSettingsSchema, inUse: lineSettingsSchema }),
  }),
  'station.setLineSettings': defineCall({
    summary: 'Store the serial line speeds; provisioning uses them from the next start',
    access: ['admin'],
    input: lineSettingsSchema.strict(),
    output: z.object({ stored: lineSettingsSchema, inUse: lineSettingsSchema }),
  }),
};
