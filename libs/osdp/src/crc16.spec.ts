import { crc16 } from './crc16.js';
import { CRC_VECTORS } from './test-vectors/sia-annex-e.js';

describe(crc16.name, () => {
  it('should match the CRC-16/AUG-CCITT check value for "123456789"', () => {
    expect(crc16(Buffer.from('123456789', 'ascii'))).toBe(0xe5cc);
  });

  it.each(CRC_VECTORS.map((v) => [v.body.toString('hex'), v.body, v.check] as const))(
    'should reproduce the Annex E CRC of %s',
    (_name, body, check) => {
      expect(crc16(body)).toBe(check.readUInt16LE(0));
    },
  );

  it('should return the init value for no bytes', () => {
    expect(crc16(Buffer.alloc(0))).toBe(0x1d0f);
  });
});
