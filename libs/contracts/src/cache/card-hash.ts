import { createHmac } from 'node:crypto';

/**
 * IC staff cards are identified by a keyed hash, never by their number: the api stores only
 * `cardHash(cardKey, number)`, the credential cache carries the same hashes and the card key, and the bridge
 * hashes a presented card the same way to find its holder. Logs, events and decision requests name a card by
 * its `cardReference` (the first 128 bits of the hash), which reveals nothing without the key.
 *
 * A card number is the card's raw bits as the reader reports them (OSDP RAW data, MSB first), in hex.
 */
export const CARD_NUMBER_PATTERN = /^(?:[0-9a-fA-F]{2}){1,128}$/;

/** What a decision request or event carries for a card when the bridge holds no card key (no cache yet). */
export const UNKEYED_CARD_REFERENCE = 'unkeyed';

export function normaliseCardNumber(hex: string): string {
  if (!CARD_NUMBER_PATTERN.test(hex)) throw new Error('a card number is 1 to 128 bytes of hex');
  return hex.toLowerCase();
}

/** HMAC-SHA-256 under the 32-byte card key over `acs-card/v1|<lowercase hex>`, as 64 hex digits. */
export function cardHash(cardKey: Buffer, cardNumberHex: string): string {
  if (cardKey.length !== 32) throw new Error('card key must be 32 bytes');
  return createHmac('sha256', cardKey).update(`acs-card/v1|${normaliseCardNumber(cardNumberHex)}`, 'utf8').digest('hex');
}

/** The first 32 hex digits of a card hash: how logs and decision requests name a card. */
export function cardReference(cardHashHex: string): string {
  return cardHashHex.slice(0, 32);
}
