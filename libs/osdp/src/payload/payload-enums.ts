/** Field values inside payloads (docs/osdp.md §A6, §A7). Decoders keep unknown values as plain numbers. */

/** OUT control codes. */
export enum OutputControlCode {
  Nop = 0,
  PermanentOffAbortTimed = 1,
  PermanentOnAbortTimed = 2,
  PermanentOffAllowTimed = 3,
  PermanentOnAllowTimed = 4,
  /** Temporary ON, revert at timeout: "pulse the strike relay for N×100 ms". */
  TemporaryOn = 5,
  TemporaryOff = 6,
}

export enum LedTemporaryControl {
  Nop = 0,
  Cancel = 1,
  Set = 2,
}

export enum LedPermanentControl {
  Nop = 0,
  Set = 1,
}

export enum LedColor {
  Black = 0,
  Red = 1,
  Green = 2,
  Amber = 3,
  Blue = 4,
  Magenta = 5,
  Cyan = 6,
  White = 7,
}

export enum BuzzerTone {
  None = 0,
  Off = 1,
  Default = 2,
}

export enum TextCommandCode {
  PermanentNoWrap = 1,
  PermanentWrap = 2,
  TemporaryNoWrap = 3,
  TemporaryWrap = 4,
}

/** PDCAP function codes. */
export enum CapabilityFunction {
  ContactStatusMonitoring = 1,
  OutputControl = 2,
  CardDataFormat = 3,
  ReaderLedControl = 4,
  ReaderAudibleOutput = 5,
  ReaderTextOutput = 6,
  TimeKeeping = 7,
  CheckCharacterSupport = 8,
  CommunicationSecurity = 9,
  ReceiveBufferSize = 10,
  LargestCombinedMessageSize = 11,
  SmartCardSupport = 12,
  Readers = 13,
  Biometrics = 14,
  SecurePinEntry = 15,
  OsdpVersion = 16,
}

export enum KeyType {
  Scbk = 0x01,
}

export enum RawCardFormat {
  Unspecified = 0,
  Wiegand = 1,
}

export enum ReaderTamperStatus {
  Normal = 0,
  NotConnected = 1,
  Tamper = 2,
}

export enum BioType {
  NotSpecified = 0x00,
  RightThumb = 0x01,
  RightIndex = 0x02,
  RightMiddle = 0x03,
  RightRing = 0x04,
  RightLittle = 0x05,
  LeftThumb = 0x06,
  LeftIndex = 0x07,
  LeftMiddle = 0x08,
  LeftRing = 0x09,
  LeftLittle = 0x0a,
  RightIris = 0x0b,
  RightRetina = 0x0c,
  LeftIris = 0x0d,
  LeftRetina = 0x0e,
  FullFace = 0x0f,
  RightHandGeometry = 0x10,
  LeftHandGeometry = 0x11,
}

export enum BioFormat {
  NotSpecified = 0x00,
  FingerprintPgm = 0x01,
  AnsiIncits378 = 0x02,
}

export enum BioStatus {
  Success = 0x00,
  Timeout = 0x01,
  UnknownError = 0xff,
}
