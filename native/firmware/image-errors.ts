export type ImageFormatErrorCode =
  'bad_magic' | 'unsupported_header_version' | 'truncated' | 'bad_header' | 'bad_tlv' | 'size_mismatch';

/** A structural problem with image or manifest bytes; `field` names the offending part. */
export class ImageFormatError extends Error {
  constructor(
    readonly code: ImageFormatErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImageFormatError';
  }
}

/** Bad arguments to buildImage: which input is wrong and why. */
export class ImageBuildError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImageBuildError';
  }
}
