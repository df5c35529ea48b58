/**
 * A provisioning run's vocabulary, defined once: the pipeline, the evidence store, the contract,
 * the board and the store's CHECK constraints (a test holds migration 0005 to these lists).
 */

/** The steps of a run, in the order a unit goes through them. */
export const PIPELINE_STEPS = ['identify', 'genuine', 'flash', 'bind', 'selftest', 'ship'] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];

/**
 * What a refurbish or a scrap records beside the pipeline's steps (issue 10 §5): the factory reset,
 * the unit's return to stock, the serial's revocation.
 */
export const REFURBISH_STEPS = ['reset', 'restock', 'scrap'] as const;
export type RefurbishStep = (typeof REFURBISH_STEPS)[number];

/** What a run is for: a unit provisioned for a merchant, refurbished back to stock, or scrapped. */
export const RUN_KINDS = ['provision', 'refurbish', 'scrap'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** What evidence is recorded against: every step, and the link (speed changes, interruptions). */
export const EVIDENCE_STEPS = [...PIPELINE_STEPS, 'link', ...REFURBISH_STEPS] as const;
export type EvidenceStep = (typeof EVIDENCE_STEPS)[number];

export const EVIDENCE_OUTCOMES = ['ok', 'refused', 'failed', 'paused', 'resumed'] as const;
export type EvidenceOutcome = (typeof EVIDENCE_OUTCOMES)[number];

export const RUN_STATUSES = ['running', 'paused', 'succeeded', 'refused', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
