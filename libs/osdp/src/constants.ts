/**
 * OSDP v2.2 wire constants (docs/osdp.md §A3, §A5, §A8).
 * Protocol codes are numeric enums because they are bytes on the wire.
 */

/** Start of message. */
export const SOM = 0x53;
/** Optional leading mark byte before SOM; not counted in LEN, CRC or MAC. */
export const MARK = 0xff;
/** Broadcast PD address; replies to a broadcast also carry it. */
export const BROADCAST_ADDRESS = 0x7f;
/** Replies set bit 7 of the address byte. */
export const REPLY_ADDRESS_FLAG = 0x80;
export const ADDRESS_MASK = 0x7f;

/** CTRL byte bits (§A3). */
export const CTRL_SEQUENCE_MASK = 0x03;
export const CTRL_CRC = 0x04;
export const CTRL_SCB = 0x08;

/** SOM, ADDR, LEN_LSB, LEN_MSB, CTRL. */
export const HEADER_LENGTH = 5;
export const MAC_LENGTH = 4;
/** Largest LEN we accept by default (SIA conformance tool OSDP_OFFICIAL_MSG_MAX). */
export const DEFAULT_MAX_FRAME_LENGTH = 1440;

export enum CommandCode {
  Poll = 0x60,
  Id = 0x61,
  Cap = 0x62,
  Diag = 0x63,
  Lstat = 0x64,
  Istat = 0x65,
  Ostat = 0x66,
  Rstat = 0x67,
  Out = 0x68,
  Led = 0x69,
  Buz = 0x6a,
  Text = 0x6b,
  Rmode = 0x6c,
  Tdset = 0x6d,
  Comset = 0x6e,
  Bioread = 0x73,
  Biomatch = 0x74,
  Keyset = 0x75,
  Chlng = 0x76,
  Scrypt = 0x77,
  AcuRxSize = 0x7b,
  FileTransfer = 0x7c,
  Mfg = 0x80,
  Xwr = 0xa1,
  Abort = 0xa2,
  PivData = 0xa3,
  GenAuth = 0xa4,
  CrAuth = 0xa5,
  KeepActive = 0xa7,
}

export enum ReplyCode {
  Ack = 0x40,
  Nak = 0x41,
  PdId = 0x45,
  PdCap = 0x46,
  Lstatr = 0x48,
  Istatr = 0x49,
  Ostatr = 0x4a,
  Rstatr = 0x4b,
  Raw = 0x50,
  /** Deprecated card data as characters; decoded as unknown. */
  Fmt = 0x51,
  Keypad = 0x53,
  Com = 0x54,
  BioReadR = 0x57,
  BioMatchR = 0x58,
  ExtPdId = 0x59,
  Ccrypt = 0x76,
  RmacI = 0x78,
  Busy = 0x79,
  FtStat = 0x7a,
  PivDataR = 0x80,
  GenAuthR = 0x81,
  CrAuthR = 0x82,
  MfgStatR = 0x83,
  MfgErrR = 0x84,
  MfgRep = 0x90,
  Xrd = 0xb1,
}

/** NAK error codes (IEC 60839-11-5 §7.3 table 47, §A5). */
export enum NakCode {
  NoError = 0x00,
  CheckCharacter = 0x01,
  CommandLength = 0x02,
  UnknownCommand = 0x03,
  SequenceNumber = 0x04,
  SecurityBlockNotSupported = 0x05,
  EncryptionRequired = 0x06,
  BioTypeNotSupported = 0x07,
  BioFormatNotSupported = 0x08,
  UnableToProcess = 0x09,
  /** 0x10–0x12: May 2019 proposed extension, conformance tool only. */
  CardNotFound = 0x10,
  TransmitFailed = 0x11,
  InternalError = 0x12,
  /** Private / generic error (OSDP.Net "GenericError"). */
  Generic = 0xff,
}

/** Security block types (§A8). */
export enum ScsType {
  /** CP→PD CHLNG. */
  Scs11 = 0x11,
  /** PD→CP CCRYPT. */
  Scs12 = 0x12,
  /** CP→PD SCRYPT. */
  Scs13 = 0x13,
  /** PD→CP RMAC_I. */
  Scs14 = 0x14,
  /** CP→PD, MAC only (no data). */
  Scs15 = 0x15,
  /** PD→CP, MAC only (no data). */
  Scs16 = 0x16,
  /** CP→PD, MAC + encrypted data. */
  Scs17 = 0x17,
  /** PD→CP, MAC + encrypted data. */
  Scs18 = 0x18,
}

/** Key selector in the CHLNG/CCRYPT/SCRYPT/RMAC_I security block data. */
export enum KeySelector {
  Default = 0x00,
  Scbk = 0x01,
}

/** True for SCS types whose frames carry a 4-byte MAC. */
export const carriesMac = (scsType: number): boolean => scsType >= ScsType.Scs15 && scsType <= ScsType.Scs18;
