import type { Finding } from './finding';

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/**
 * High: any error, or any fraud signal at all — approving such a case needs a second senior
 * reviewer (four-eyes). Medium: any other warning. Low: information only.
 */
export function riskLevel(findings: readonly Finding[]): RiskLevel {
  if (
    findings.some((f) => f.severity === 'error' || (f.severity === 'warning' && f.code.startsWith('fraud.')))
  ) {
    return 'high';
  }
  if (findings.some((f) => f.severity === 'warning')) return 'medium';
  return 'low';
}

/**
 * Four-eyes: whether approving a case of this risk takes a second approval by another senior
 * reviewer. The station's store and the hub both decide by this one rule (the hub by the risk the
 * station that took the case in assessed).
 */
export const needsSecondApproval = (risk: RiskLevel): boolean => risk === 'high';
