import type { MakerRefusal } from '../../../contract/domain/devices/makers';
import { DomainError, type Refusal } from '../../../contract/domain/errors';

const KIND: Record<MakerRefusal, Refusal> = {
  root_unreadable: 'bad_value',
  root_not_ca: 'bad_value',
  root_key_type: 'bad_value',
  root_expired: 'bad_value',
  root_already_trusted: 'wrong_state',
  root_built_in: 'not_allowed',
  model_invalid: 'bad_value',
  model_taken: 'wrong_state',
  not_found: 'not_found',
  not_proposed: 'wrong_state',
  same_person: 'not_allowed',
};

/** A maker change the rules refuse; `makers.<code>` picks the sentence on screen. */
export class MakerRefusedError extends DomainError {
  constructor(
    readonly code: MakerRefusal,
    message: string,
    field: string,
  ) {
    super(KIND[code], message, field, `makers.${code}`);
  }
}
