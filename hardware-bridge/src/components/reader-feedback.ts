import type { BilingualText } from '#contracts';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { Reader } from '../devices/reader.js';

export const PROMPTS = {
  enterPin: { ja: '暗証番号を入力し # を押してください', en: 'Enter PIN, then #' },
  placeFinger: { ja: '指を読取部に置いてください', en: 'Place your finger on the reader' },
  checking: { ja: '確認中です', en: 'Checking…' },
  unavailable: { ja: '現在認証できません。管理者に連絡してください', en: 'Access service unavailable. Contact an administrator' },
  bridgeError: { ja: 'エラーが発生しました', en: 'An error occurred' },
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

  idle(): void {
    this.send(() => this.reader.showLed({ color: 'off' }));
  }

  private send(command: () => Promise<void>): void {
    command().catch((error: unknown) =>
      this.logger.warn({ readerId: this.reader.id, err: errorMessage(error) }, 'reader feedback failed'),
    );
  }
}
