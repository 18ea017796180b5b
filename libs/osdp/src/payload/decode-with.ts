import { PayloadFormatError, type PayloadCodec, type PayloadError } from './payload-result.js';

export type PayloadResult<T> = { ok: true; value: T } | { ok: false; error: PayloadError };

/** Looks up the codec for `code` and decodes; never throws (unknown code and any decoder failure become errors). */
export function decodeWith<T>(
  codecs: Readonly<Record<number, PayloadCodec<T>>>,
  code: number,
  data: Buffer,
): PayloadResult<T> {
  const copy = Buffer.from(data);
  if (!Object.hasOwn(codecs, code)) {
    return { ok: false, error: { kind: 'unknown-code', code, data: copy, detail: `no codec for code 0x${hex(code)}` } };
  }
  try {
    return { ok: true, value: codecs[code]!.decode(copy) };
  } catch (error) {
    const kind = error instanceof PayloadFormatError ? error.kind : 'bad-value';
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { kind, code, data: copy, detail: `0x${hex(code)}: ${detail}` } };
  }
}

const hex = (code: number): string => (code >>> 0).toString(16).padStart(2, '0');
