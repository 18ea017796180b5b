import type { CachedPerson, VeinFactor } from '#contracts';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { Reader } from '../devices/reader.js';

/**
 * 1:1 vein verification with OSDP BIOMATCH: the person's templates are sent one at a time until one scores at
 * or above the reader's threshold. Templates go to the reader only; they are never logged.
 */
export class VeinMatcher {
  constructor(
    private readonly reader: Reader,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  async match(person: CachedPerson, threshold: number | undefined, onPrompt: () => void): Promise<VeinFactor> {
    if (threshold === undefined) {
      // The api has not configured this reader: no threshold means no safe comparison.
      this.logger.warn({ readerId: this.reader.id }, 'no vein threshold for this reader in the credential cache');
      return { result: 'reader-error' };
    }
    if (person.templates.length === 0) return { result: 'not-enrolled', threshold };
    onPrompt();
    let best = 0;
    for (const template of person.templates) {
      let result;
      try {
        result = await this.reader.bioMatch({
          template: Buffer.from(template.data, 'base64'),
          format: template.format,
          threshold,
          timeoutMs: this.timeoutMs,
        });
      } catch (error) {
        this.logger.warn({ readerId: this.reader.id, err: errorMessage(error) }, 'biometric match failed');
        return { result: 'reader-error', threshold };
      }
      if (result.status === 'timeout') return { result: 'timeout', threshold };
      if (result.status === 'error') return { result: 'reader-error', threshold };
      best = Math.max(best, result.score);
      if (result.score >= threshold) return { result: 'match', score: result.score, threshold };
    }
    return { result: 'no-match', score: best, threshold };
  }
}
