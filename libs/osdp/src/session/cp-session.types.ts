import type { OsdpCommand } from '../commands/command.types.js';
import type { OsdpFrame } from '../frame/frame.js';
import type { PayloadError } from '../payload/payload-result.js';
import type { NakReply, OsdpReply, PdCapReply, PdIdReply } from '../replies/reply.types.js';
import type { SecureChannelState } from '../secure-channel/secure-channel.js';

export interface CpSessionConfig {
  /** PD address 0x00–0x7F. */
  address: number;
  /** Default true. Plaintext operation only when explicitly false. */
  secureChannel?: boolean;
  /** The reader's own 16-byte SCBK; required when secureChannel is on. Pass SCBK_DEFAULT to run on SCBK-D. */
  scbk?: Buffer;
  /** If the PD rejects `scbk`, try SCBK-D and install `scbk` with KEYSET. Default false. */
  installMode?: boolean;
  /** Source of RND.A (8 bytes per handshake); inject crypto.randomBytes in production, a fixed value in tests. */
  randomBytes?: (size: number) => Buffer;
  /** Default true. */
  useCrc?: boolean;
  /** Send the 0xFF mark before SOM. Default true. */
  mark?: boolean;
  /** Default 200 ms (OSDP.Net). */
  pollIntervalMs?: number;
  /** Default 200 ms (spec reply deadline). */
  replyTimeoutMs?: number;
  /** Default 8000 ms without a valid reply. */
  offlineTimeoutMs?: number;
  /** Wait after BUSY before repeating the command. Default 50 ms. */
  busyRetryMs?: number;
  /** First re-probe delay after going offline; doubles up to reprobeMaxMs. Defaults 1000 / 60000 ms. */
  reprobeMinMs?: number;
  reprobeMaxMs?: number;
  /** Default 32. */
  maxQueuedCommands?: number;
}

export type ResolvedCpSessionConfig = Readonly<Required<Omit<CpSessionConfig, 'scbk' | 'randomBytes'>>> & {
  readonly scbk?: Buffer;
  readonly randomBytes?: (size: number) => Buffer;
};

export type CpPhase = 'init' | 'id' | 'cap' | 'chlng' | 'scrypt' | 'keyset' | 'online' | 'offline';

export type CommandPurpose = 'probe' | 'handshake' | 'keyset' | 'poll' | 'app';

/** The application's label for a command, echoed in its events. */
export type CommandTag = string;

export interface QueuedCommand {
  readonly command: OsdpCommand;
  readonly tag?: CommandTag;
}

export interface InFlightCommand extends QueuedCommand {
  readonly purpose: CommandPurpose;
  readonly sequence: number;
  /** Exactly what went on the wire; a retry repeats these bytes. */
  readonly bytes: Buffer;
  readonly sentAtMs: number;
  readonly retryAtMs: number;
}

export interface HandshakeState {
  readonly useDefaultKey: boolean;
  readonly rndA: Buffer;
  /** Set once CCRYPT verified. */
  readonly keys?: SecureChannelState['keys'];
  readonly serverCryptogram?: Buffer;
}

export interface CpSessionState {
  readonly config: ResolvedCpSessionConfig;
  readonly phase: CpPhase;
  /** Sequence number of the last command sent. */
  readonly sequence: number;
  readonly inFlight?: InFlightCommand;
  readonly queue: readonly QueuedCommand[];
  readonly handshake?: HandshakeState;
  readonly secure?: SecureChannelState;
  /** An online event was emitted and no offline event since. */
  readonly online: boolean;
  /** Start of the current 8 s offline window: the last valid reply, or the start of probing. */
  readonly lastValidReplyAtMs: number;
  readonly lastSentAtMs: number;
  readonly reprobeAtMs: number;
  readonly reprobeDelayMs: number;
  readonly pdId?: PdIdReply;
  readonly pdCap?: PdCapReply;
}

export type CpSessionInput =
  | { type: 'tick' }
  | { type: 'reply'; frame: OsdpFrame }
  | { type: 'send'; command: OsdpCommand; tag?: CommandTag }
  /** The splitter saw a damaged frame (bad CRC etc.): the reply is lost, repeat now. */
  | { type: 'line-error' };

export type CommandFailureReason =
  | 'offline'
  | 'nak'
  | 'invalid'
  | 'not-allowed'
  | 'queue-full'
  | 'secure-channel-lost'
  | 'bad-reply';

export type CpSessionEvent =
  | { kind: 'online'; secure: boolean; pdId?: PdIdReply; pdCap?: PdCapReply }
  | { kind: 'offline'; reason: 'timeout' | 'probe-failed' | 'handshake-failed' }
  | { kind: 'secure-channel-up'; defaultKey: boolean }
  | { kind: 'secure-channel-down'; reason: 'mac-failure' | 'nak' | 'keyset' | 'offline' }
  | { kind: 'secure-channel-failed'; defaultKey: boolean; detail: string }
  | { kind: 'scbk-installed' }
  | { kind: 'reply-received'; inResponseTo: number; tag?: CommandTag; reply: OsdpReply }
  | { kind: 'reply-invalid'; inResponseTo: number; error: PayloadError }
  | {
      kind: 'command-failed';
      command: OsdpCommand;
      tag?: CommandTag;
      reason: CommandFailureReason;
      nak?: NakReply;
      detail?: string;
    }
  | { kind: 'reply-ignored'; reason: 'unsolicited' | 'sequence'; frame: OsdpFrame };

export type CpSessionEffect = { type: 'transmit'; bytes: Buffer } | { type: 'event'; event: CpSessionEvent };

export interface CpSessionStep {
  state: CpSessionState;
  effects: CpSessionEffect[];
}
