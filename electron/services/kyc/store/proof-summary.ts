import type { BusinessProof } from '../../../contract/domain/kyc/application';

export type ProofSummary =
  | {
      readonly type: 'qr_records';
      readonly provider: string;
      readonly merchantName: string;
      readonly records: number;
      readonly from: string | null;
      readonly to: string | null;
    }
  | {
      readonly type: 'bank_statement';
      readonly rows: number;
      readonly from: string | null;
      readonly to: string | null;
    }
  | {
      readonly type: 'stall_certificate';
      readonly issuer: string;
      readonly stamped: boolean;
      readonly business: string;
      readonly validFrom: string;
      readonly validTo: string;
    };

/** What the case view shows of the business proof; kept at intake so the rows need not be sealed twice. */
export function proofSummary(proof: BusinessProof): ProofSummary {
  switch (proof.type) {
    case 'qr_records': {
      const times = proof.records.map((r) => r.time).sort();
      return {
        type: proof.type,
        provider: proof.provider,
        merchantName: proof.merchantName,
        records: proof.records.length,
        from: times[0] ?? null,
        to: times.at(-1) ?? null,
      };
    }
    case 'bank_statement': {
      const times = proof.rows.map((r) => r.time).sort();
      return { type: proof.type, rows: proof.rows.length, from: times[0] ?? null, to: times.at(-1) ?? null };
    }
    case 'stall_certificate':
      return {
        type: proof.type,
        issuer: proof.issuer,
        stamped: proof.stamped,
        business: proof.business,
        validFrom: proof.validFrom,
        validTo: proof.validTo,
      };
  }
}
