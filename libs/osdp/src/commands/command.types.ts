import type { CommandCode } from '../constants.js';

/** Typed CP → PD commands (docs/osdp.md §A5, §A6, §A7). Timers are in the units the wire uses. */

export interface PollCommand {
  code: CommandCode.Poll;
}
/** `replyType` is the single data byte (0x00); an ID without it is tolerated on decode (libosdp#210). */
export interface IdCommand {
  code: CommandCode.Id;
  replyType?: number;
}
export interface CapCommand {
  code: CommandCode.Cap;
  replyType?: number;
}
export interface LstatCommand {
  code: CommandCode.Lstat;
}
export interface IstatCommand {
  code: CommandCode.Istat;
}
export interface OstatCommand {
  code: CommandCode.Ostat;
}
export interface RstatCommand {
  code: CommandCode.Rstat;
}
export interface AbortCommand {
  code: CommandCode.Abort;
}

export interface OutputControl {
  outputNo: number;
  /** OutputControlCode. */
  controlCode: number;
  timer100ms: number;
}
export interface OutCommand {
  code: CommandCode.Out;
  outputs: OutputControl[];
}

export interface LedTemporarySettings {
  /** LedTemporaryControl. */
  control: number;
  onTime100ms: number;
  offTime100ms: number;
  /** LedColor. */
  onColor: number;
  offColor: number;
  timer100ms: number;
}
export interface LedPermanentSettings {
  /** LedPermanentControl. */
  control: number;
  onTime100ms: number;
  offTime100ms: number;
  onColor: number;
  offColor: number;
}
export interface LedControl {
  reader: number;
  ledNo: number;
  temporary: LedTemporarySettings;
  permanent: LedPermanentSettings;
}
export interface LedCommand {
  code: CommandCode.Led;
  leds: LedControl[];
}

export interface BuzzerControl {
  reader: number;
  /** BuzzerTone. */
  tone: number;
  onTime100ms: number;
  offTime100ms: number;
  /** 0 = repeat forever. */
  repeatCount: number;
}
export interface BuzCommand {
  code: CommandCode.Buz;
  buzzers: BuzzerControl[];
}

export interface TextCommand {
  code: CommandCode.Text;
  reader: number;
  /** TextCommandCode. */
  command: number;
  tempTimeSec: number;
  /** 1-based. */
  row: number;
  /** 1-based. */
  column: number;
  /** One byte per character (latin1). */
  text: string;
}

export interface ComsetCommand {
  code: CommandCode.Comset;
  address: number;
  baudRate: number;
}

export interface KeysetCommand {
  code: CommandCode.Keyset;
  /** KeyType (0x01 = SCBK). */
  keyType: number;
  key: Buffer;
}
export interface ChlngCommand {
  code: CommandCode.Chlng;
  /** CP random RND.A (8 bytes). */
  rndA: Buffer;
}
export interface ScryptCommand {
  code: CommandCode.Scrypt;
  /** 16 bytes. */
  serverCryptogram: Buffer;
}

export interface BioreadCommand {
  code: CommandCode.Bioread;
  reader: number;
  /** BioType. */
  bioType: number;
  /** BioFormat. */
  bioFormat: number;
  quality: number;
}
export interface BiomatchCommand {
  code: CommandCode.Biomatch;
  reader: number;
  bioType: number;
  bioFormat: number;
  qualityThreshold: number;
  template: Buffer;
}

export interface AcuRxSizeCommand {
  code: CommandCode.AcuRxSize;
  maxReplySize: number;
}
export interface KeepActiveCommand {
  code: CommandCode.KeepActive;
  keepActiveMs: number;
}
export interface MfgCommand {
  code: CommandCode.Mfg;
  /** 24-bit IEEE OUI, little-endian on the wire. */
  vendorCode: number;
  data: Buffer;
}

export type OsdpCommand =
  | PollCommand
  | IdCommand
  | CapCommand
  | LstatCommand
  | IstatCommand
  | OstatCommand
  | RstatCommand
  | AbortCommand
  | OutCommand
  | LedCommand
  | BuzCommand
  | TextCommand
  | ComsetCommand
  | KeysetCommand
  | ChlngCommand
  | ScryptCommand
  | BioreadCommand
  | BiomatchCommand
  | AcuRxSizeCommand
  | KeepActiveCommand
  | MfgCommand;

export type SupportedCommandCode = OsdpCommand['code'];
export type CommandOf<C extends SupportedCommandCode> = Extract<OsdpCommand, { code: C }>;
