import { redactSecrets } from './redact.js';

describe(redactSecrets.name, () => {
  it('replaces secret-looking fields at any depth and keeps the rest', () => {
    const out = redactSecrets({
      personNo: 'S0001',
      pinVerifier: '$argon2id$…',
      nested: { newPin: '123456', password: 'x', list: [{ template: 'AAEC', position: 'right-index' }] },
      totpSecret: Buffer.from('x'),
      expiresAt: new Date('2026-11-25T00:00:00Z'),
      lockedUntil: null,
      card: { cardNumber: '5a0001c0', card_hash: 'ab', cardId: 'c1', reference: '0f' },
    });
    expect(out).toEqual({
      personNo: 'S0001',
      pinVerifier: '[redacted]',
      nested: { newPin: '[redacted]', password: '[redacted]', list: [{ template: '[redacted]', position: 'right-index' }] },
      totpSecret: '[redacted]',
      expiresAt: '2026-11-25T00:00:00.000Z',
      lockedUntil: null,
      card: { cardNumber: '[redacted]', card_hash: '[redacted]', cardId: 'c1', reference: '0f' },
    });
  });
});
