import { checksum } from './checksum.js';
import { CHECKSUM_VECTORS } from './test-vectors/sia-annex-e.js';

describe(checksum.name, () => {
  it.each(CHECKSUM_VECTORS.map((v) => [v.body.toString('hex'), v.body, v.check] as const))(
    'should reproduce the Annex E checksum of %s',
    (_name, body, check) => {
      expect(checksum(body)).toBe(check);
    },
  );

  it('should make the byte sum including the checksum zero', () => {
    const body = Buffer.from([0x53, 0xe5, 0x07, 0x00, 0x01, 0x40]);
    const sum = [...body, checksum(body)].reduce((a, b) => a + b, 0);
    expect(sum & 0xff).toBe(0);
  });
});
