import { scoreVeinSample, SYNTHETIC_VEIN_FORMAT } from '#demo-site';
import {
  BioStatus,
  BioType,
  CommandCode,
  NakCode,
  RawCardFormat,
  ReaderTamperStatus,
  ReplyCode,
  type BiomatchCommand,
  type BioreadCommand,
  type OsdpCommand,
  type OsdpReply,
} from '#osdp';
import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { ReaderControls } from '../sim-controls.js';
import type { PdApplication, SimulatedPd } from './simulated-pd.js';

export interface ReaderDisplay {
  led?: { color: number; temporary: boolean };
  text?: string;
  beeps: number;
}

const ACK: OsdpReply = { code: ReplyCode.Ack };
const nak = (nakCode: number): OsdpReply => ({ code: ReplyCode.Nak, nakCode, extra: Buffer.alloc(0) });
/** How long the sensor waits for a finger after a BIOMATCH (the bridge waits a little longer). */
const DEFAULT_SCAN_TIMEOUT_MS = 10_000;
/** What the sensor reports for a finger placed without saying how well (BIOREADR quality). */
const DEFAULT_FINGER_QUALITY = 80;

/**
 * A vein reader with a keypad, an IC card slot and a small display on the far end of the line. Keys are
 * buffered and go out as one KEYPAD report per POLL (as a real reader sends what was typed since the last
 * poll); a card goes out as a RAW report. BIOMATCH scores
 * the finger on the sensor against the template with the synthetic matcher; with no finger yet it ACKs,
 * keeps scanning, and reports BIOMATCHR on a later POLL (success with a score, or timeout). BIOREAD
 * (enrolment) answers BIOREADR with the finger's synthetic sample as the template, in the same way; it knows
 * only the synthetic format 0x00 and finger or unspecified bio types (else NAK 0x08 / 0x07).
 */
export class SimulatedReaderPd implements PdApplication, ReaderControls {
  readonly display: ReaderDisplay = { beeps: 0 };
  private keys = '';
  private keyWaiters: Array<{ upTo: number; resolve: () => void }> = [];
  private keysSent = 0;
  private keysPressed = 0;
  private finger: Buffer | undefined;
  private fingerQuality = DEFAULT_FINGER_QUALITY;
  private fingerReads = 0;
  private scan: { command: BiomatchCommand | BioreadCommand; timer: TimerHandle } | undefined;
  private tamper = false;

  constructor(
    readonly pd: SimulatedPd,
    private readonly clock: Clock,
    private readonly scanTimeoutMs = DEFAULT_SCAN_TIMEOUT_MS,
  ) {
    pd.attach(this);
  }

  get deviceId(): string {
    return this.pd.deviceId;
  }

  pressKeys(keys: string): Promise<void> {
    if (!/^[0-9*#]+$/.test(keys)) throw new Error('a keypad has only 0-9, * and #');
    this.keys += keys;
    this.keysPressed += keys.length;
    const upTo = this.keysPressed;
    return new Promise((resolve) => this.keyWaiters.push({ upTo, resolve }));
  }

  /** A card held to the reader: reported as OSDP RAW (format unspecified, whole bytes) at the next POLL. */
  presentCard(cardNumberHex: string): Promise<void> {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(cardNumberHex)) throw new Error('a card is whole bytes of hex');
    const data = Buffer.from(cardNumberHex, 'hex');
    this.pd.enqueue({ code: ReplyCode.Raw, reader: 0, format: RawCardFormat.Unspecified, bitCount: data.length * 8, data });
    return Promise.resolve();
  }

  placeFinger(sample: Buffer, quality = DEFAULT_FINGER_QUALITY): void {
    this.finger = Buffer.from(sample);
    this.fingerQuality = quality;
    if (this.scan) this.finishScan(this.read(this.scan.command));
  }

  /** How often the sensor has read a finger (BIOMATCH or BIOREAD) since the start. */
  get fingerScans(): number {
    return this.fingerReads;
  }

  liftFinger(): void {
    this.finger = undefined;
  }

  /** Opens or closes the tamper switch (reported as LSTATR on the next POLL). */
  setTamper(tamper: boolean): void {
    if (tamper === this.tamper) return;
    this.tamper = tamper;
    this.pd.enqueue({ code: ReplyCode.Lstatr, tamper: tamper ? 1 : 0, power: 0 });
  }

  beforeFrame(): void {
    // The KEYPAD report is built at the last moment, so a POLL carries every key pressed since the last one.
    if (this.keys.length === 0 || this.pd.queuedReports > 0) return;
    this.pd.enqueue({ code: ReplyCode.Keypad, reader: 0, digits: this.keys });
    this.keysSent += this.keys.length;
    this.keys = '';
    const sent = this.keysSent;
    const ready = this.keyWaiters.filter((w) => w.upTo <= sent);
    this.keyWaiters = this.keyWaiters.filter((w) => w.upTo > sent);
    ready.forEach((w) => w.resolve());
  }

  reset(): void {
    this.keys = '';
    this.keysSent = this.keysPressed;
    this.keyWaiters.splice(0).forEach((w) => w.resolve());
    this.cancelScan();
  }

  onCommand(command: OsdpCommand): OsdpReply {
    switch (command.code) {
      case CommandCode.Led: {
        const led = command.leds[0];
        if (led) {
          const temporary = led.temporary.control === 2;
          this.display.led = { color: temporary ? led.temporary.onColor : led.permanent.onColor, temporary };
        }
        return ACK;
      }
      case CommandCode.Buz:
        this.display.beeps += command.buzzers[0]?.repeatCount ?? 0;
        return ACK;
      case CommandCode.Text:
        this.display.text = command.text;
        return ACK;
      case CommandCode.Lstat:
        return { code: ReplyCode.Lstatr, tamper: this.tamper ? 1 : 0, power: 0 };
      case CommandCode.Rstat:
        return { code: ReplyCode.Rstatr, readers: [ReaderTamperStatus.Normal] };
      case CommandCode.Biomatch:
        return this.startScan(command, { code: ReplyCode.BioMatchR, reader: command.reader, status: BioStatus.Timeout, score: 0 });
      case CommandCode.Bioread:
        if (command.bioFormat !== SYNTHETIC_VEIN_FORMAT) return nak(NakCode.BioFormatNotSupported);
        if (command.bioType > BioType.LeftLittle) return nak(NakCode.BioTypeNotSupported);
        return this.startScan(command, { code: ReplyCode.BioReadR, reader: command.reader, status: BioStatus.Timeout, bioType: command.bioType, quality: 0, template: Buffer.alloc(0) });
      case CommandCode.Abort:
        this.cancelScan();
        return ACK;
      default:
        return nak(NakCode.UnknownCommand);
    }
  }

  /** With a finger on the sensor: the answer at once. Without: ACK, and the answer (or the timeout) on a later POLL. */
  private startScan(command: BiomatchCommand | BioreadCommand, onTimeout: OsdpReply): OsdpReply {
    this.cancelScan();
    if (this.finger) return this.read(command);
    this.scan = { command, timer: this.clock.setTimeout(() => this.finishScan(onTimeout), this.scanTimeoutMs) };
    return ACK;
  }

  private read(command: BiomatchCommand | BioreadCommand): OsdpReply {
    const finger = this.finger!;
    this.fingerReads++;
    if (command.code === CommandCode.Biomatch) {
      return { code: ReplyCode.BioMatchR, reader: command.reader, status: BioStatus.Success, score: scoreVeinSample(command.template, finger) };
    }
    return { code: ReplyCode.BioReadR, reader: command.reader, status: BioStatus.Success, bioType: command.bioType, quality: this.fingerQuality, template: Buffer.from(finger) };
  }

  private finishScan(result: OsdpReply): void {
    this.cancelScan();
    this.pd.enqueue(result);
  }

  private cancelScan(): void {
    if (this.scan) this.clock.clearTimeout(this.scan.timer);
    this.scan = undefined;
  }
}
