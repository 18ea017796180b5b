/** Security block carried after CTRL when CTRL bit 3 is set (docs/osdp.md §A3, §A8). */
export interface SecurityBlock {
  /** SCS type, e.g. ScsType.Scs15. */
  type: number;
  /** Bytes after SEC_BLK_TYPE (key selector for SCS_11…14, empty for SCS_15…18). */
  data: Buffer;
}

/** One OSDP packet, decoded to fields. `data` is exactly what is on the wire (still encrypted for SCS_17/18). */
export interface OsdpFrame {
  /** PD address 0x00–0x7F (0x7F = broadcast), without the reply bit. */
  address: number;
  /** Bit 7 of the address byte: set on PD → CP replies. */
  isReply: boolean;
  /** CTRL bits 0–1. */
  sequence: number;
  /** CTRL bit 2: CRC-16 when true, 8-bit checksum when false. */
  useCrc: boolean;
  securityBlock?: SecurityBlock;
  /** Command or reply code. */
  code: number;
  data: Buffer;
  /** 4-byte MAC; present exactly when the SCS type is 0x15–0x18. */
  mac?: Buffer;
}

/** Why a byte sequence is not a valid frame. Never thrown; returned. */
export type FrameErrorKind =
  | 'truncated'
  | 'bad-som'
  | 'bad-length'
  | 'bad-crc'
  | 'bad-checksum'
  | 'bad-security-block';

export interface FrameError {
  kind: FrameErrorKind;
  detail: string;
}

export type DecodeFrameResult =
  | { ok: true; frame: OsdpFrame; /** a 0xFF mark preceded SOM */ hadMark: boolean }
  | { ok: false; error: FrameError };

export interface EncodeFrameOptions {
  /** Send the leading 0xFF mark byte (default true, like libosdp). */
  mark?: boolean;
}
