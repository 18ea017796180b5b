import type { OsdpCommand } from '../commands/command.types.js';
import type { OsdpFrame } from '../frame/frame.js';
import type { Capability, OsdpReply, PdIdReply } from '../replies/reply.types.js';
import type { SessionKeys } from '../secure-channel/session-keys.js';
import type { SecureChannelState } from '../secure-channel/secure-channel.js';

export interface PdSessionConfig {
  /** Our address 0x00–0x7E; we also answer broadcasts (0x7F). */
  address: number;
  /** Answer to ID. */
  pdId: Omit<PdIdReply, 'code'>;
  /** Answer to CAP. */
  capabilities: Capability[];
  /** Client UID in CCRYPT (8 bytes). Default: OUI bytes 0–1, model, version, serial (libosdp layout). */
  cUid?: Buffer;
  /** Our SCBK, if one was installed. */
  scbk?: Buffer;
  /** Accept a session on SCBK-D so the CP can KEYSET our own key. Default false. */
  installMode?: boolean;
  /** NAK 0x06 for anything but ID/CAP and the handshake outside a secure channel. Default false. */
  requireSecureChannel?: boolean;
  /** Source of RND.B. Required for the secure channel. */
  randomBytes?: (size: number) => Buffer;
  /** Drop the secure channel after this long without a valid secure command (libosdp 8 s). */
  secureChannelTimeoutMs?: number;
}

export type ResolvedPdSessionConfig = Readonly<
  Omit<PdSessionConfig, 'cUid' | 'installMode' | 'requireSecureChannel' | 'secureChannelTimeoutMs' | 'scbk'>
> & {
  readonly cUid: Buffer;
  readonly requireSecureChannel: boolean;
  readonly secureChannelTimeoutMs: number;
};

/** Where and how the reply to one command goes. */
export interface ReplyTarget {
  readonly address: number;
  readonly sequence: number;
  readonly useCrc: boolean;
  readonly mark: boolean;
  /** The command came in a secure channel, so the reply is wrapped. */
  readonly secured: boolean;
}

export interface PendingCommand {
  readonly command: OsdpCommand;
  /** The command frame as received (no mark), to recognise a repeat. */
  readonly commandBytes: Buffer;
  readonly target: ReplyTarget;
  readonly busySent: boolean;
}

export interface PdSessionState {
  readonly config: ResolvedPdSessionConfig;
  /** Current key; KEYSET replaces it. */
  readonly scbk?: Buffer;
  readonly installMode: boolean;
  readonly lastSequence?: number;
  readonly lastCommandBytes?: Buffer;
  /** Resent bit for bit when the CP repeats a sequence number (keeps the MAC chain intact). */
  readonly lastReplyBytes?: Buffer;
  readonly pending?: PendingCommand;
  readonly handshake?: { readonly rndA: Buffer; readonly rndB: Buffer; readonly keys: SessionKeys; readonly defaultKey: boolean };
  readonly secure?: SecureChannelState;
  readonly secureUntilMs: number;
  /** Reports delivered one per POLL (card reads, keypad, status changes). */
  readonly queue: readonly OsdpReply[];
}

export type PdSessionInput =
  | { type: 'frame'; frame: OsdpFrame; /** mirror the CP's mark byte; default true */ hadMark?: boolean }
  /** The application's answer to the last `command` effect. */
  | { type: 'respond'; reply: OsdpReply }
  /** Queue a report for the next POLL. */
  | { type: 'enqueue'; reply: OsdpReply };

export type PdSessionEvent =
  | { kind: 'secure-channel-up'; defaultKey: boolean }
  | { kind: 'secure-channel-down'; reason: 'mac-failure' | 'timeout' | 'sequence-reset' | 'plaintext' | 'keyset' | 'handshake' }
  /** KEYSET accepted: persist this key. */
  | { kind: 'keyset'; keyType: number; key: Buffer }
  | { kind: 'nak-sent'; commandCode: number; nakCode: number; detail: string };

export type PdSessionEffect =
  | { type: 'transmit'; bytes: Buffer }
  /** The application must answer with a `respond` input (reply payload is its decision). */
  | { type: 'command'; command: OsdpCommand }
  | { type: 'event'; event: PdSessionEvent };

export interface PdSessionStep {
  state: PdSessionState;
  effects: PdSessionEffect[];
}
