import { verify } from '@node-rs/argon2';
import { errorMessage, type Logger } from '../logging/logger.js';

/** Checks a keyed PIN against the cached verifier. */
export interface PinVerifier {
  verify(verifier: string, pin: string): Promise<boolean>;
}

/** argon2id PHC strings from the api. A malformed verifier never matches (fail secure). */
export class Argon2PinVerifier implements PinVerifier {
  constructor(private readonly logger: Logger) {}

  async verify(verifier: string, pin: string): Promise<boolean> {
    try {
      return await verify(verifier, pin);
    } catch (error) {
      this.logger.warn({ err: errorMessage(error) }, 'PIN verifier could not be used');
      return false;
    }
  }
}
