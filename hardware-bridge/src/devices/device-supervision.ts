import type { SecureChannelDownReason } from '#contracts';

/** OSDP Secure Channel state changes of a device (reader or door I/O module). */
export type SecureChannelChange =
  | { state: 'up'; defaultKey: boolean }
  | { state: 'down'; reason: SecureChannelDownReason }
  /** Handshake refused (wrong key). Reported once per offline period, not at every re-probe. */
  | { state: 'failed'; defaultKey: boolean };

/** OSDP LSTATR (and RSTATR tamper): reported on every change. */
export interface LocalStatus {
  tamper: boolean;
  powerFailure: boolean;
}

/** What every supervised device reports besides its own function. */
export interface SupervisionEvents {
  /** The device started or stopped answering its polls. */
  online: boolean;
  'secure-channel': SecureChannelChange;
  'local-status': LocalStatus;
}
