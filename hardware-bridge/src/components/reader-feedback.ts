import type { BilingualText } from '#contracts';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { Reader } from '../devices/reader.js';

export const PROMPTS = {
  enterPin: { ja: '暗証番号を入力し # を押してください', en: 'Enter PIN, then #' },
  placeFinger: { ja: '指を読取部に置いてください', en: 'Place your finger on the reader' },
  checking: { ja: '確認中です', en: 'Checking…' },
  unavailable: { ja: '現在認証できません。管理者に連絡してください', en: 'Access service unavailable. Contact an administrator' },
  bridgeError: { ja: 'エラーが発生しました', en: 'An error occurred' },
  enrolPlaceFinger: { ja: '静脈登録: 指を読取部に置いてください', en: 'Enrolment: place your finger on the reader' },
  enrolPlacePalm: { ja: '静脈登録: 手のひらをかざしてください', en: 'Enrolment: hold your palm over the reader' },
  enrolled: { ja: '登録しました', en: 'Enrolled' },
  enrolPoorQuality: { ja: '読み取れませんでした。置き直してください', en: 'Not read clearly. Please try again' },
  enrolTimeout: { ja: '時間切れです', en: 'Timed out' },
  enrolFailed: { ja: '登録できませんでした', en: 'Enrolment failed' },
} as const satisfies Record<string, BilingualText>;

/**
 * The reader's lights, sounds and text for each step. Feedback never blocks or breaks an attempt: a failed
 * LED command is logged and the attempt goes on.
 */
export class ReaderFeedback {
  constructor(
    private readonly reader: Reader,
    private readonly logger: Logger,
  ) {}

  promptPin(): void {
    this.send(() => this.reader.showText(PROMPTS.enterPin));
    this.send(() => this.reader.showLed({ color: 'amber' }));
  }

  promptFinger(): void {
    this.send(() => this.reader.showText(PROMPTS.placeFinger));
    this.send(() => this.reader.showLed({ color: 'amber', flash: true }));
  }

  checking(): void {
    this.send(() => this.reader.showText(PROMPTS.checking));
  }

  granted(display: BilingualText, pulseMs: number): void {
    this.send(() => this.reader.showText(display, pulseMs));
    this.send(() => this.reader.showLed({ color: 'green', durationMs: pulseMs }));
    this.send(() => this.reader.beep({ onMs: 200, offMs: 0, count: 1 }));
  }

  denied(display: BilingualText): void {
    this.send(() => this.reader.showText(display, 3_000));
    this.send(() => this.reader.showLed({ color: 'red', durationMs: 3_000 }));
    this.send(() => this.reader.beep({ onMs: 100, offMs: 100, count: 3 }));
  }

  /** Enrolment through the reader: someone should put a finger (or palm) on it now. */
  promptEnrolment(palm: boolean): void {
    this.send(() => this.reader.showText(palm ? PROMPTS.enrolPlacePalm : PROMPTS.enrolPlaceFinger));
    this.send(() => this.reader.showLed({ color: 'blue', flash: true }));
    this.send(() => this.reader.beep({ onMs: 100, offMs: 0, count: 1 }));
  }

  /** The blinking prompt is the reader's permanent state: turned off first, then the temporary result. */
  enrolled(): void {
    this.idle();
    this.send(() => this.reader.showText(PROMPTS.enrolled, 3_000));
    this.send(() => this.reader.showLed({ color: 'green', durationMs: 3_000 }));
    this.send(() => this.reader.beep({ onMs: 200, offMs: 0, count: 1 }));
  }

  enrolmentFailed(text: BilingualText): void {
    this.idle();
    this.denied(text);
  }

  idle(): void {
    this.send(() => this.reader.showLed({ color: 'off' }));
  }

  private send(command: () => Promise<void>): void {
    command().catch((error: unknown) =>
      this.logger.warn({ readerId: this.reader.id, err: errorMessage(error) }, 'reader feedback failed'),
    );
  }
}
