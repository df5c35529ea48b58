/**
 * A provisioning run's vocabulary, defined once: the pipeline, the evidence store, the contract,
 * the board and the store's CHECK constraints (a test holds migration 0005 to these lists).
 */

/** The steps of a run, in the order a unit goes through them. */
export const PIPELINE_STEPS = ['identify', 'genuine', 'flash', 'bind', 'selftest', 'ship'] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];

/** What evidence is recorded against: every step, and the link (speed changes, interruptions). */
export const EVIDENCE_STEPS = [...PIPELINE_STEPS, 'link'] as const;
export type EvidenceStep = (typeof EVIDENCE_STEPS)[number];

export const EVIDENCE_OUTCOMES = ['ok', 'refused', 'failed', 'paused', 'resumed'] as const;
export type EvidenceOutcome = (typeof EVIDENCE_OUTCOMES)[number];

export const RUN_STATUSES = ['running', 'paused', 'succeeded', 'refused', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
