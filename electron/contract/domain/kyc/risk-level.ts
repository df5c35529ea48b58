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
