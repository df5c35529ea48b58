import { z } from 'zod';

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Evidence = { [key: string]: JsonValue };

const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

/**
 * What one check concluded. Every check yields at least one finding — an `info` one when it
 * passed — so a case's findings show that each rule was actually applied. Evidence is JSON-safe
 * and carries only masked PII (see ./mask), because findings are stored, synced and logged.
 */
export const findingSchema = z.object({
  /** Dotted and stable, e.g. 'id.checksum.ok'; the catalogue is in docs/application-bundle.md. */
  code: z.string(),
  severity: z.enum(SEVERITIES),
  message_zh: z.string(),
  message_en: z.string(),
  evidence: z.record(z.string(), jsonValueSchema),
});
export type Finding = z.infer<typeof findingSchema>;

export function finding(
  code: string,
  severity: Severity,
  message_zh: string,
  message_en: string,
  evidence: Evidence = {},
): Finding {
  return { code, severity, message_zh, message_en, evidence };
}
