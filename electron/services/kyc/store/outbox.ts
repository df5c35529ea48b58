import { newId } from './ids';
import type { Db } from '../../../store/database';
import { maskPhone } from '../checks/mask';
import type { SmsTemplate } from '../workflow/sms-templates';
import type { KycSecrets } from './secrets';
import { statement } from './statements';

export interface OutgoingSms {
  readonly applicationId: string;
  readonly template: SmsTemplate;
  readonly phone: string;
  readonly body: string;
  readonly at: string;
}

/** What lists and views may show of an outbox entry: never the phone unmasked, never the body. */
export interface OutboxEntry {
  readonly id: string;
  readonly applicationId: string | null;
  readonly template: string;
  readonly phoneMasked: string;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

const phoneContext = (id: string) => `sms:${id}:phone`;
const bodyContext = (id: string) => `sms:${id}:body`;

/**
 * Queues an SMS. Phone and body are sealed: the sender needs the real number, and an approval's
 * body carries the activation code, which must exist in plain text nowhere but the message.
 */
export function enqueueSms(db: Db, secrets: KycSecrets, sms: OutgoingSms): string {
  const id = newId();
  statement(
    db,
    'INSERT INTO sms_outbox (id, application_id, template, phone_masked, sealed_phone, sealed_body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    id,
    sms.applicationId,
    sms.template,
    maskPhone(sms.phone),
    secrets.seal(Buffer.from(sms.phone, 'utf8'), phoneContext(id)),
    secrets.seal(Buffer.from(sms.body, 'utf8'), bodyContext(id)),
    sms.at,
  );
  return id;
}

interface OutboxRow {
  id: string;
  application_id: string | null;
  template: string;
  phone_masked: string;
  created_at: string;
  sent_at: string | null;
}

export function listOutbox(db: Db, applicationId: string): OutboxEntry[] {
  const rows = statement(
    db,
    'SELECT id, application_id, template, phone_masked, created_at, sent_at FROM sms_outbox WHERE application_id = ? ORDER BY created_at, rowid',
  ).all(applicationId) as OutboxRow[];
  return rows.map((r) => ({
    id: r.id,
    applicationId: r.application_id,
    template: r.template,
    phoneMasked: r.phone_masked,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}

/** For the SMS gateway only: the message as it must be sent. */
export function openOutgoingSms(db: Db, secrets: KycSecrets, id: string): { phone: string; body: string } {
  const row = statement(db, 'SELECT sealed_phone, sealed_body FROM sms_outbox WHERE id = ?').get(id) as
    { sealed_phone: Buffer; sealed_body: Buffer } | undefined;
  if (row === undefined) throw new Error(`No SMS ${id} in the outbox.`);
  return {
    phone: secrets.open(row.sealed_phone, phoneContext(id)).toString('utf8'),
    body: secrets.open(row.sealed_body, bodyContext(id)).toString('utf8'),
  };
}
