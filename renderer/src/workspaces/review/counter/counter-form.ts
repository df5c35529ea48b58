import type { UploadFile } from 'antd';
import type { CounterInput } from './counter-entry';

/**
 * The counter form's values as antd holds them: the clerk's typing as typed, the proof of each
 * kind in its own group (switching kinds keeps what was typed), and the chosen files per slot.
 */

export type ProofType = CounterInput['businessProof']['type'];
export const PROOF_TYPES: readonly ProofType[] = ['qr_records', 'bank_statement', 'stall_certificate'];

/** The file slots of the form, each one of the model's document kinds. */
export type Slot = 'id_front' | 'id_back' | 'card_photo' | 'qr' | 'statement' | 'stall';

export const PROOF_SLOT: Record<ProofType, Slot> = {
  qr_records: 'qr',
  bank_statement: 'statement',
  stall_certificate: 'stall',
};

export interface CounterFormValues {
  applicant: {
    name: string;
    idNumber: string;
    idValidFrom: string;
    idValidTo?: string;
    phone: string;
    address: string;
  };
  idLongTerm: boolean;
  settlementCard: { number: string; holderName: string; bankReportedClass?: 'I' | 'II' };
  proofType: ProofType;
  qr?: { provider: 'wechat' | 'alipay'; merchantName?: string; records: string };
  stall?: { issuer: string; stamped: boolean; business: string; validFrom: string; validTo: string };
  deviceFingerprint?: string;
  files: Partial<Record<Slot, UploadFile[]>>;
}

export const INITIAL_VALUES: Partial<CounterFormValues> = {
  idLongTerm: false,
  proofType: 'qr_records',
  qr: { provider: 'wechat', merchantName: '', records: '' },
  stall: { issuer: '', stamped: true, business: '', validFrom: '', validTo: '' },
  files: {},
};

export const fileOf = (f: UploadFile): File | undefined => f.originFileObj;
