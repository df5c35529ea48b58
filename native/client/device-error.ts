import { ERROR_SENTENCES, wireErrorName, type DeviceErrorName } from '../protocol/error-codes';

/**
 * Every failure the client reports: a code from docs/protocol.md §9, the sentence for the operator in
 * both languages, and a technical detail for the log.
 */
export class DeviceError extends Error {
  readonly zh: string;
  readonly en: string;

  constructor(
    readonly code: DeviceErrorName,
    readonly detail: string,
    /** The numeric wire code when the device sent it. */
    readonly wireCode?: number,
  ) {
    super(`${code}: ${ERROR_SENTENCES[code].en}${detail ? ` (${detail})` : ''}`);
    this.name = 'DeviceError';
    this.zh = ERROR_SENTENCES[code].zh;
    this.en = ERROR_SENTENCES[code].en;
  }

  static fromWire(code: number, detail: string): DeviceError {
    return new DeviceError(wireErrorName(code) ?? 'UNKNOWN_DEVICE_ERROR', detail, code);
  }

  toJSON(): { code: DeviceErrorName; zh: string; en: string; detail: string; wireCode?: number } {
    return {
      code: this.code,
      zh: this.zh,
      en: this.en,
      detail: this.detail,
      ...(this.wireCode !== undefined ? { wireCode: this.wireCode } : {}),
    };
  }
}
