/**
 * The diagnosis report's fixed words, defined once: finding codes, their severity and the causes
 * the verdict may name (the case's own CAUSES). The service fills in the sentences; the screen and
 * the PDF show them.
 */
export const FINDING_CODES = [
  'not_genuine',
  'serial_differs',
  'tampered',
  'component_failed',
  'battery_failing',
  'firmware_rolled_back',
  'firmware_on_trial',
  'frozen',
  'registry_status',
  'journal_counters_mismatch',
  'clock_drift',
  'sim_absent',
  'weak_signal',
  'binding_mismatch',
  'idle_gap',
  'selftest_skipped',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/** fault: something is wrong with the unit; warning: worth a look; info: context for the decision. */
export const SEVERITIES = ['fault', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Which fault names the verdict when several are found: the first in this list. */
export const FAULT_PRIORITY: readonly FindingCode[] = [
  'not_genuine',
  'serial_differs',
  'tampered',
  'component_failed',
  'battery_failing',
  'firmware_rolled_back',
];
