/** OSDP CRC-16 initial value (libosdp `osdp_compute_crc16`). */
export const CRC16_INIT = 0x1d0f;

/**
 * CRC-16/AUG-CCITT: poly 0x1021, MSB-first, init 0x1D0F, no final XOR (docs/osdp.md §A4).
 * Computed from SOM (mark excluded) up to the CRC; sent LSB first.
 */
export function crc16(bytes: Uint8Array, init: number = CRC16_INIT): number {
  let crc = init & 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}
