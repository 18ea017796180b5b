import type { BilingualText } from '#contracts';
import {
  BioStatus,
  BioType,
  BuzzerTone,
  CapabilityFunction,
  CommandCode,
  LedColor,
  LedPermanentControl,
  LedTemporaryControl,
  NakCode,
  ReplyCode,
  TextCommandCode,
  type BioMatchReply,
  type BioReadReply,
  type LedControl,
  type OsdpCommand,
  type OsdpReply,
} from '#osdp';
import type { Clock, TimerHandle } from '../../clock/clock.js';
import { TypedEmitter } from '../../events/typed-emitter.js';
import { errorMessage, type Logger } from '../../logging/logger.js';
import { OsdpCommandError } from '../../protocol/osdp/osdp-command-error.js';
import type { OsdpPdChannel } from '../../protocol/osdp/osdp-pd-channel.js';
import type { BeepCommand, BioMatchRequest, BioMatchResult, BioReadRequest, BioReadResult, LedCommand, Reader, ReaderEvents } from '../reader.js';
import { OsdpSupervision } from './osdp-supervision.js';

export interface OsdpReaderOptions {
  /** Reader number on the PD (OSDP allows several readers behind one address). Default 0. */
  readerNo?: number;
  /** How long a command may wait for its reply (queue + retries). Default 2 s. */
  commandTimeoutMs?: number;
}

const COLORS: Record<LedCommand['color'], LedColor> = {
  off: LedColor.Black,
  red: LedColor.Red,
  green: LedColor.Green,
  amber: LedColor.Amber,
  blue: LedColor.Blue,
};
/** Text rows by PDCAP "text output" compliance level (docs/osdp.md §A6): 1 = 1×16, 2 = 2×16, 3 = 4×16. */
const TEXT_ROWS = [0, 1, 2, 4];
const TEXT_COLUMNS = 16;
/** The bridge waits this much longer than the reader was told to, for the BIOMATCHR report to arrive. */
const BIO_REPORT_MARGIN_MS = 1_000;

const units100 = (ms: number, max = 0xff): number => Math.min(max, Math.max(0, Math.ceil(ms / 100)));
/** NAKs that mean "this reader cannot do that": unknown command, bio type or bio format not supported. */
const UNSUPPORTED_NAKS: ReadonlySet<number> = new Set([NakCode.UnknownCommand, NakCode.BioTypeNotSupported, NakCode.BioFormatNotSupported]);

type BioReply = BioMatchReply | BioReadReply;
/** What a scan came to when the reader sent no result: nobody presented a finger, the reader went away, or it was scanning already. */
type ScanOutcome<R> = R | 'timeout' | 'offline' | 'busy';

/**
 * A reader on an OSDP bus behind the door logic's `Reader` interface: KEYPAD reports → `keys`, RAW → `card`,
 * BIOMATCH (type 0x00 "not specified", the template's format byte) → `bioMatch`, BIOREAD → `bioRead`
 * (enrolment), LED/BUZ/TEXT, and online/offline, Secure Channel and tamper (LSTATR/RSTATR) as supervision
 * events. A BIOMATCH or BIOREAD that the reader cannot answer at once (no finger yet) is ACKed and its
 * BIOMATCHR/BIOREADR comes back on a later POLL, so waiting for a finger never holds the shared line.
 */
export class OsdpReader implements Reader {
  private readonly emitter: TypedEmitter<ReaderEvents>;
  private readonly supervision: OsdpSupervision;
  private readonly off: Array<() => void> = [];
  private bioWaiter: { code: BioReply['code']; done: (reply: BioReply | undefined) => void } | undefined;
  private readonly readerNo: number;
  private readonly commandTimeoutMs: number;

  constructor(
    readonly id: string,
    private readonly channel: OsdpPdChannel,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: OsdpReaderOptions = {},
  ) {
    this.readerNo = options.readerNo ?? 0;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
    this.emitter = new TypedEmitter((error, event) => logger.error({ readerId: id, event, err: errorMessage(error) }, 'reader listener failed'));
    this.supervision = new OsdpSupervision(this.emitter);
  }

  get isOnline(): boolean {
    return this.channel.isOnline;
  }

  on<K extends keyof ReaderEvents>(event: K, listener: (value: ReaderEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  start(): void {
    if (this.off.length > 0) return;
    this.off.push(
      ...this.supervision.attach(this.channel),
      this.channel.on('report', (reply) => this.onReport(reply)),
      this.channel.on('online', () => void this.askStatus()),
      this.channel.on('offline', () => this.cancelBioWait()),
    );
  }

  stop(): void {
    this.off.splice(0).forEach((off) => off());
    this.cancelBioWait();
  }

  private cancelBioWait(): void {
    this.bioWaiter?.done(undefined);
  }

  async bioMatch(request: BioMatchRequest): Promise<BioMatchResult> {
    const outcome = await this.scan<BioMatchReply>(
      {
        code: CommandCode.Biomatch,
        reader: this.readerNo,
        bioType: BioType.NotSpecified, // OSDP has no vein type (docs/osdp.md §A7)
        bioFormat: request.format,
        qualityThreshold: Math.max(0, Math.min(255, request.threshold)),
        template: request.template,
      },
      ReplyCode.BioMatchR,
      request.timeoutMs,
    );
    if (outcome === 'timeout') return { status: 'timeout', score: 0 };
    if (outcome === 'offline' || outcome === 'busy') return { status: 'error', score: 0 };
    return toResult(outcome);
  }

  /** Enrolment: the reader scans and sends the template back (BIOREADR). The template is never logged. */
  async bioRead(request: BioReadRequest): Promise<BioReadResult> {
    if (!this.channel.isOnline) return { status: 'offline' };
    let outcome: ScanOutcome<BioReadReply>;
    try {
      outcome = await this.scan<BioReadReply>(
        { code: CommandCode.Bioread, reader: this.readerNo, bioType: request.bioType, bioFormat: request.format, quality: Math.max(0, Math.min(255, request.minQuality)) },
        ReplyCode.BioReadR,
        request.timeoutMs,
      );
    } catch (error) {
      if (error instanceof OsdpCommandError && error.nak && UNSUPPORTED_NAKS.has(error.nak.nakCode)) return { status: 'not-supported' };
      // No answer at all (before the 8 s offline rule has caught up) is a reader out of reach, too.
      if (!this.channel.isOnline || (error instanceof OsdpCommandError && (error.reason === 'offline' || error.reason === 'timeout'))) return { status: 'offline' };
      this.logger.warn({ readerId: this.id, err: errorMessage(error) }, 'BIOREAD failed');
      return { status: 'error' };
    }
    if (typeof outcome === 'string') return { status: outcome };
    if (outcome.status === BioStatus.Success) return { status: 'success', quality: outcome.quality, template: outcome.template };
    return { status: outcome.status === BioStatus.Timeout ? 'timeout' : 'error' };
  }

  /**
   * One scan at a time per reader: sends the command and takes its result from the immediate reply or, after
   * an ACK, from a report on a later POLL; on timeout it sends ABORT so the reader is free again.
   */
  private async scan<R extends BioReply>(command: OsdpCommand, resultCode: R['code'], timeoutMs: number): Promise<ScanOutcome<R>> {
    if (this.bioWaiter) return 'busy';
    const report = this.waitForBioReport(resultCode, timeoutMs + BIO_REPORT_MARGIN_MS);
    let reply: OsdpReply;
    try {
      reply = await this.channel.submit(command, this.commandTimeoutMs);
    } catch (error) {
      this.cancelBioWait();
      throw error;
    }
    if (reply.code === resultCode) {
      this.cancelBioWait();
      return reply as R;
    }
    if (reply.code !== ReplyCode.Ack) {
      this.cancelBioWait();
      throw new Error(`reader ${this.id} answered 0x${command.code.toString(16)} with 0x${reply.code.toString(16)}`);
    }
    const result = await report;
    if (result) return result as R;
    if (!this.channel.isOnline) return 'offline';
    // Nobody put a finger on the sensor in time: stop the scan so the reader is free again.
    await this.channel.submit({ code: CommandCode.Abort }, this.commandTimeoutMs).catch(() => undefined);
    return 'timeout';
  }

  async showLed(command: LedCommand): Promise<void> {
    const color = COLORS[command.color];
    const blink = command.flash ? { onTime100ms: 5, offTime100ms: 5 } : { onTime100ms: 10, offTime100ms: 0 };
    const idle = { control: LedPermanentControl.Nop, onTime100ms: 0, offTime100ms: 0, onColor: 0, offColor: 0 };
    const led: LedControl =
      command.durationMs !== undefined
        ? {
            reader: this.readerNo,
            ledNo: 0,
            temporary: { control: LedTemporaryControl.Set, ...blink, onColor: color, offColor: LedColor.Black, timer100ms: units100(command.durationMs, 0xffff) },
            permanent: idle,
          }
        : {
            reader: this.readerNo,
            ledNo: 0,
            temporary: { control: LedTemporaryControl.Cancel, onTime100ms: 0, offTime100ms: 0, onColor: 0, offColor: 0, timer100ms: 0 },
            permanent: { control: LedPermanentControl.Set, ...blink, onColor: color, offColor: LedColor.Black },
          };
    await this.channel.submit({ code: CommandCode.Led, leds: [led] }, this.commandTimeoutMs);
  }

  async beep(command: BeepCommand): Promise<void> {
    await this.channel.submit(
      {
        code: CommandCode.Buz,
        buzzers: [{ reader: this.readerNo, tone: BuzzerTone.Default, onTime100ms: units100(command.onMs), offTime100ms: units100(command.offMs), repeatCount: Math.min(255, Math.max(1, command.count)) }],
      },
      this.commandTimeoutMs,
    );
  }

  /** OSDP text is one byte per character: the English line is shown (a Japanese display needs MFG). */
  async showText(text: BilingualText, durationMs?: number): Promise<void> {
    const level = this.channel.capabilities?.capabilities.find((c) => c.functionCode === CapabilityFunction.ReaderTextOutput)?.compliance;
    const rows = TEXT_ROWS[level ?? 0] ?? 0;
    if (rows === 0) return; // no display
    await this.channel.submit(
      {
        code: CommandCode.Text,
        reader: this.readerNo,
        command: durationMs !== undefined ? TextCommandCode.TemporaryWrap : TextCommandCode.PermanentWrap,
        tempTimeSec: durationMs !== undefined ? Math.min(255, Math.max(1, Math.ceil(durationMs / 1000))) : 0,
        row: 1,
        column: 1,
        text: toLatin1(text.en).slice(0, rows * TEXT_COLUMNS),
      },
      this.commandTimeoutMs,
    );
  }

  private onReport(reply: OsdpReply): void {
    if (this.supervision.onStatusReply(reply)) return;
    switch (reply.code) {
      case ReplyCode.Keypad: {
        const keys = [...reply.digits].filter((k) => /^[0-9*#]$/.test(k)).join('');
        if (keys.length > 0) this.emitter.emit('keys', keys);
        return;
      }
      case ReplyCode.Raw:
        this.emitter.emit('card', { format: reply.format, bitCount: reply.bitCount, data: reply.data.subarray(0, Math.ceil(reply.bitCount / 8)).toString('hex') });
        return;
      case ReplyCode.BioMatchR:
      case ReplyCode.BioReadR:
        if (this.bioWaiter?.code === reply.code) this.bioWaiter.done(reply);
        else this.logger.warn({ readerId: this.id, code: reply.code }, 'biometric report with no scan waiting');
        return;
      default:
        this.logger.debug({ readerId: this.id, code: reply.code }, 'reader report ignored');
    }
  }

  /** After (re)connecting: learn the tamper/power state the reader reports only on change. */
  private async askStatus(): Promise<void> {
    try {
      const reply = await this.channel.submit({ code: CommandCode.Lstat }, this.commandTimeoutMs);
      this.supervision.onStatusReply(reply);
    } catch (error) {
      this.logger.debug({ readerId: this.id, err: errorMessage(error) }, 'LSTAT not answered');
    }
  }

  private waitForBioReport(code: BioReply['code'], timeoutMs: number): Promise<BioReply | undefined> {
    return new Promise((resolve) => {
      let timer: TimerHandle | undefined = undefined;
      const done = (reply: BioReply | undefined): void => {
        this.clock.clearTimeout(timer);
        if (this.bioWaiter?.done === done) this.bioWaiter = undefined;
        resolve(reply);
      };
      this.bioWaiter = { code, done };
      timer = this.clock.setTimeout(() => done(undefined), timeoutMs);
    });
  }
}

function toResult(reply: BioMatchReply): BioMatchResult {
  if (reply.status === BioStatus.Success) return { status: 'success', score: reply.score };
  if (reply.status === BioStatus.Timeout) return { status: 'timeout', score: 0 };
  return { status: 'error', score: 0 };
}

function toLatin1(text: string): string {
  return text.replace(/…/g, '...').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}
