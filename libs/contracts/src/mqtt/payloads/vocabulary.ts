/** Shared string vocabularies of contract v1. Values are stable: never renamed, never reused. */

export const Direction = { Entry: 'entry', Exit: 'exit' } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

export const PinResult = {
  Ok: 'ok',
  Fail: 'fail',
  /** The person's PIN is locked or must be changed before door use. */
  Blocked: 'blocked',
  NotAttempted: 'not-attempted',
} as const;
export type PinResult = (typeof PinResult)[keyof typeof PinResult];

export const VeinResult = {
  Match: 'match',
  NoMatch: 'no-match',
  /** Nobody put a finger on the sensor in time. */
  Timeout: 'timeout',
  /** The person has no enrolled template. */
  NotEnrolled: 'not-enrolled',
  NotAttempted: 'not-attempted',
  ReaderError: 'reader-error',
} as const;
export type VeinResult = (typeof VeinResult)[keyof typeof VeinResult];

export const Outcome = { Grant: 'grant', Deny: 'deny' } as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

export const IdentifierKind = { Keypad: 'keypad', Card: 'card' } as const;
export type IdentifierKind = (typeof IdentifierKind)[keyof typeof IdentifierKind];

/** Event types a bridge emits (past-tense facts). */
export const BridgeEventType = {
  /** The api did not answer a decision request in time; the bridge denied locally (fail secure). */
  AttemptUndecided: 'attempt.undecided',
  DoorUnlocked: 'door.unlocked',
  DoorRelocked: 'door.relocked',
  DoorOpened: 'door.opened',
  DoorClosed: 'door.closed',
  DoorForcedOpen: 'door.forced-open',
  DoorHeldOpen: 'door.held-open',
  ExitRequested: 'door.exit-requested',
  ReaderOnline: 'reader.online',
  ReaderOffline: 'reader.offline',
  ReaderTamper: 'reader.tamper',
  /** OSDP Secure Channel established with the reader (after the handshake; again after every re-key). */
  ReaderSecureChannelUp: 'reader.secure-channel-up',
  ReaderSecureChannelDown: 'reader.secure-channel-down',
  /** The reader failed the Secure Channel handshake (wrong key: a swapped or foreign reader). */
  ReaderSecureChannelFailed: 'reader.secure-channel-failed',
  /** An identifier was presented: a staff number keyed before `#`, or a card read. Never a PIN. */
  ReaderCredentialPresented: 'reader.credential-presented',
  /** The reader's local status changed (OSDP LSTATR: tamper switch, power). */
  ReaderLocalStatus: 'reader.local-status',
  /** The door's I/O module (strike output, contact and REX inputs) answers its polls again / stopped answering. */
  DoorIoOnline: 'door.io-online',
  DoorIoOffline: 'door.io-offline',
  DoorIoSecureChannelUp: 'door.io-secure-channel-up',
  DoorIoSecureChannelDown: 'door.io-secure-channel-down',
  DoorIoSecureChannelFailed: 'door.io-secure-channel-failed',
  DoorIoLocalStatus: 'door.io-local-status',
  CommandRejected: 'command.rejected',
} as const;
export type BridgeEventType = (typeof BridgeEventType)[keyof typeof BridgeEventType];

export const CommandType = {
  Unlock: 'unlock',
  SyncCache: 'sync-cache',
  /** Enrol a vein template by capturing it through a reader (OSDP BIOREAD); the outcome is a `VeinCaptureResult`. */
  VeinCapture: 'vein-capture',
} as const;
export type CommandType = (typeof CommandType)[keyof typeof CommandType];

export const CommandStatus = { Ok: 'ok', Rejected: 'rejected', Error: 'error' } as const;
export type CommandStatus = (typeof CommandStatus)[keyof typeof CommandStatus];

export const PersonKind = { Staff: 'staff', Contractor: 'contractor' } as const;
export type PersonKind = (typeof PersonKind)[keyof typeof PersonKind];

/** Finger and palm positions a vein template is enrolled for (the api's routes and the bridge use these names). */
export const VEIN_POSITIONS = [
  'right-thumb', 'right-index', 'right-middle', 'right-ring', 'right-little',
  'left-thumb', 'left-index', 'left-middle', 'left-ring', 'left-little', 'right-palm', 'left-palm',
] as const;
export type VeinPosition = (typeof VEIN_POSITIONS)[number];

export const VeinCaptureStatus = { Captured: 'captured', Failed: 'failed' } as const;
export type VeinCaptureStatus = (typeof VeinCaptureStatus)[keyof typeof VeinCaptureStatus];

/** Why a capture through a reader failed. */
export const VeinCaptureFailure = {
  /** Nobody put a finger or palm on the sensor in time. */
  Timeout: 'timeout',
  ReaderOffline: 'reader-offline',
  /** The reader read it, but below the bridge's minimum quality. */
  QualityTooLow: 'quality-too-low',
  /** The reader refused BIOREAD, its bio type or its format (NAK 0x03, 0x07, 0x08). */
  NotSupported: 'not-supported',
  /** The reader is scanning for someone else (an attempt or another capture). */
  ReaderBusy: 'reader-busy',
  /** Anything else the reader or the line reported. */
  ReaderError: 'reader-error',
} as const;
export type VeinCaptureFailure = (typeof VeinCaptureFailure)[keyof typeof VeinCaptureFailure];
