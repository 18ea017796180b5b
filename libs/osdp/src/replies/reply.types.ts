import type { ReplyCode } from '../constants.js';

/** Typed PD → CP replies (docs/osdp.md §A5, §A6, §A7). */

export interface AckReply {
  code: ReplyCode.Ack;
}
export interface BusyReply {
  code: ReplyCode.Busy;
}
export interface NakReply {
  code: ReplyCode.Nak;
  /** NakCode; unknown values kept as numbers. */
  nakCode: number;
  /** Bytes after the error code (OSDP.Net "ExtraData"). */
  extra: Buffer;
}

export interface PdIdReply {
  code: ReplyCode.PdId;
  /** 24-bit IEEE OUI. */
  vendorCode: number;
  model: number;
  version: number;
  serialNumber: number;
  firmware: { major: number; minor: number; build: number };
}

export interface Capability {
  /** CapabilityFunction. */
  functionCode: number;
  compliance: number;
  numItems: number;
}
export interface PdCapReply {
  code: ReplyCode.PdCap;
  capabilities: Capability[];
}

export interface LstatrReply {
  code: ReplyCode.Lstatr;
  /** 0 normal, 1 tamper. */
  tamper: number;
  /** 0 normal, 1 power failure. */
  power: number;
}
export interface IstatrReply {
  code: ReplyCode.Istatr;
  /** One byte per input. */
  inputs: number[];
}
export interface OstatrReply {
  code: ReplyCode.Ostatr;
  outputs: number[];
}
export interface RstatrReply {
  code: ReplyCode.Rstatr;
  /** ReaderTamperStatus per attached reader. */
  readers: number[];
}

export interface RawReply {
  code: ReplyCode.Raw;
  reader: number;
  /** RawCardFormat. */
  format: number;
  bitCount: number;
  /** Bits packed MSB-first. */
  data: Buffer;
}
export interface KeypadReply {
  code: ReplyCode.Keypad;
  reader: number;
  /** ASCII digits; 0x7F is '*', 0x0D is '#'. */
  digits: string;
}
export interface ComReply {
  code: ReplyCode.Com;
  address: number;
  baudRate: number;
}

export interface BioReadReply {
  code: ReplyCode.BioReadR;
  reader: number;
  /** BioStatus. */
  status: number;
  bioType: number;
  quality: number;
  template: Buffer;
}
export interface BioMatchReply {
  code: ReplyCode.BioMatchR;
  reader: number;
  status: number;
  /** 0x00 no match … 0xFF best match. */
  score: number;
}

export interface CcryptReply {
  code: ReplyCode.Ccrypt;
  cUid: Buffer;
  rndB: Buffer;
  clientCryptogram: Buffer;
}
export interface RmacIReply {
  code: ReplyCode.RmacI;
  rmacI: Buffer;
}
export interface MfgRepReply {
  code: ReplyCode.MfgRep;
  vendorCode: number;
  data: Buffer;
}

export type OsdpReply =
  | AckReply
  | BusyReply
  | NakReply
  | PdIdReply
  | PdCapReply
  | LstatrReply
  | IstatrReply
  | OstatrReply
  | RstatrReply
  | RawReply
  | KeypadReply
  | ComReply
  | BioReadReply
  | BioMatchReply
  | CcryptReply
  | RmacIReply
  | MfgRepReply;

export type SupportedReplyCode = OsdpReply['code'];
export type ReplyOf<C extends SupportedReplyCode> = Extract<OsdpReply, { code: C }>;
