import type { MakerRefusal } from '../../../contract/domain/devices/makers';

/** A maker change the rules refuse; the handlers turn it into the call's error. */
export class MakerRefusedError extends Error {
  constructor(
    readonly code: MakerRefusal,
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'MakerRefusedError';
  }
}
