import type { BilingualText } from '#contracts';
import type { EventSource } from '../events/typed-emitter.js';
import type { SupervisionEvents } from './device-supervision.js';

/**
 * A reader as the door logic sees it. Shaped after OSDP so a real PD fits behind it:
 * KEYPAD → `keys`, BIOMATCH/BIOMATCHR → `bioMatch`, LED → `showLed`, BUZ → `beep`, TEXT → `showText`.
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

export interface Reader extends EventSource<ReaderEvents> {
  readonly id: string;
  bioMatch(request: BioMatchRequest): Promise<BioMatchResult>;
  showLed(command: LedCommand): Promise<void>;
  beep(command: BeepCommand): Promise<void>;
  /** A short message; an OSDP text display shows the language it can render. */
  showText(text: BilingualText, durationMs?: number): Promise<void>;
}
