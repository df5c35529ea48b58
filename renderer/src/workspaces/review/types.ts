import type { CallInput, CallOutput } from '../../../../electron/contract';

export type QueueItem = CallOutput<'kyc.queue'>['items'][number];
export type QueueFilter = Omit<CallInput<'kyc.queue'>, 'cursor' | 'limit'>;
export type CaseView = CallOutput<'kyc.case'>;
export type CaseDocument = CaseView['documents'][number];
export type CaseFinding = CaseView['findings'][number];
export type CaseState = QueueItem['state'];
export type RiskLevel = QueueItem['risk'];
export type ReasonCode = CallOutput<'kyc.reasonCodes'>['codes'][number];
export type ReasonUse = ReasonCode['use'][number];
export type RevealableField = CallInput<'kyc.reveal'>['field'];
export type QueueSort = NonNullable<CallInput<'kyc.queue'>['sort']>;
export type QueueStats = CallOutput<'kyc.queueStats'>;
