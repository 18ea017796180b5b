export type PayloadErrorKind = 'unknown-code' | 'bad-length' | 'bad-value';

/** Why a command/reply payload could not be decoded. `data` is kept so callers can log or forward it. */
export interface PayloadError {
  kind: PayloadErrorKind;
  code: number;
  data: Buffer;
  detail: string;
}

/** Thrown only inside the codecs; the registries turn it into a PayloadError result. */
export class PayloadFormatError extends Error {
  constructor(
    readonly kind: Exclude<PayloadErrorKind, 'unknown-code'>,
    message: string,
  ) {
    super(message);
    this.name = 'PayloadFormatError';
  }
}

/** Encodes one message type to its data bytes and back. decode may throw PayloadFormatError. */
export interface PayloadCodec<T> {
  encode(message: T): Buffer;
  decode(data: Buffer): T;
}

/** Command/reply code + data bytes, ready to go into a frame. */
export interface EncodedPayload {
  code: number;
  data: Buffer;
}
