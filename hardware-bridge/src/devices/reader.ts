import type { BilingualText } from '#contracts';
import type { EventSource } from '../events/typed-emitter.js';
import type { SupervisionEvents } from './device-supervision.js';

/**
 * A reader as the door logic sees it. Shaped after OSDP so a real PD fits behind it:
 * KEYPAD → `keys`, BIOMATCH/BIOMATCHR → `bioMatch`, BIOREAD/BIOREADR → `bioRead`, LED → `showLed`, BUZ → `beep`, TEXT → `showText`.
 */
export interface ReaderEvents extends SupervisionEvents {
  /**
   * Keys pressed, in order: `0`–`9`, `*` (OSDP 0x7F) and `#` (OSDP 0x0D, "enter"). One OSDP KEYPAD reply may
   * carry several digits, so this is a string.
   */
  keys: string;
  /** A card was read (OSDP RAW): the raw bits, MSB first, as hex. */
  card: CardRead;
}

export interface CardRead {
  /** OSDP RAW format: 0 unspecified, 1 Wiegand. */
  format: number;
  bitCount: number;
  /** Hex of the bit array (⌈bitCount/8⌉ bytes). */
  data: string;
}

/** OSDP LED colours (LED command colour codes 0–7, the common ones). */
export type LedColor = 'off' | 'red' | 'green' | 'amber' | 'blue';

export interface LedCommand {
  color: LedColor;
  /** Flash (on/off) rather than steady. */
  flash?: boolean;
  /** Temporary state for this long, then back to the permanent (idle) state; omitted = permanent. */
  durationMs?: number;
}

/** OSDP BUZ: tone on/off times (100 ms units on the wire) and a repeat count. */
export interface BeepCommand {
  onMs: number;
  offMs: number;
  count: number;
}

/** OSDP BIOMATCH: the host sends the enrolled template; the reader scans and answers with a score. */
export interface BioMatchRequest {
  template: Buffer;
  /** Vendor template format byte (OSDP has no vein type: type 0x00 "not specified" + this format). */
  format: number;
  /** Reader threshold 0–255 (sent as the BIOMATCH quality threshold). */
  threshold: number;
  /** How long to wait for a finger. */
  timeoutMs: number;
}

/** OSDP BIOMATCHR: status 0x00 success / 0x01 timeout / 0xFF error, score 0 (no match) … 255 (best). */
export interface BioMatchResult {
  status: 'success' | 'timeout' | 'error';
  score: number;
}

/** OSDP BIOREAD: the reader scans a finger or palm and sends the template back (enrolment through a reader). */
export interface BioReadRequest {
  /** OSDP bio type: 0x01–0x0A for fingers, 0x00 "not specified" (palms: OSDP has no palm code). */
  bioType: number;
  /** Vendor template format byte. */
  format: number;
  /** The lowest quality the reader should accept (sent in BIOREAD; the bridge checks the reply too). */
  minQuality: number;
  /** How long to wait for a finger. */
  timeoutMs: number;
}

/**
 * OSDP BIOREADR, or why there is none: `busy` when the reader is scanning for something else, `offline` when it
 * does not answer, `not-supported` when it refuses BIOREAD, its bio type or its format (NAK 0x03/0x07/0x08).
 */
export type BioReadResult =
  | { status: 'success'; quality: number; template: Buffer }
  | { status: 'timeout' | 'busy' | 'offline' | 'not-supported' | 'error' };

export interface Reader extends EventSource<ReaderEvents> {
  readonly id: string;
  bioMatch(request: BioMatchRequest): Promise<BioMatchResult>;
  bioRead(request: BioReadRequest): Promise<BioReadResult>;
  showLed(command: LedCommand): Promise<void>;
  beep(command: BeepCommand): Promise<void>;
  /** A short message; an OSDP text display shows the language it can render. */
  showText(text: BilingualText, durationMs?: number): Promise<void>;
}
