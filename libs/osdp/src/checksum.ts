/** OSDP 8-bit checksum: two's complement of the byte sum, SOM…last data byte (docs/osdp.md §A4). */
export function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xff;
  return (0x100 - sum) & 0xff;
}
