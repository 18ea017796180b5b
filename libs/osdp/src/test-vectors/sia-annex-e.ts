/**
 * Known-answer vectors: SIA OSDP v2.2 Annex E (via libosdp tests/unit-tests/test-sc-sia-vectors.c)
 * and libosdp unit-test frames, as collected in docs/osdp.md §A4 and §A8.
 */
import { hex } from './hex.js';

/** §A4 CRC examples: bytes SOM…data, and the CRC bytes as sent (LSB first). */
export const CRC_VECTORS = [
  // Broadcast COMSET to address 0 @ 9600.
  { body: hex('53 7F 0D 00 04 6E 00 80 25 00 00'), check: hex('6E 38') },
  { body: hex('53 00 09 00 04 61 00'), check: hex('C0 66') },
] as const;

/** §A4 checksum examples. */
export const CHECKSUM_VECTORS = [
  { body: hex('53 7F 0C 00 00 6E 00 80 25 00 00'), check: 0x0f },
  { body: hex('53 00 08 00 00 61 00'), check: 0x44 },
] as const;

/** §A4 libosdp unit-test frames. */
export const LIBOSDP_FRAMES = {
  /** POLL to 0x65, seq 0, CRC, with mark. */
  poll: hex('FF 53 65 08 00 04 60 60 90'),
  /** ID to 0x65, seq 0, CRC, with mark. */
  id: hex('FF 53 65 09 00 04 61 00 D9 7A'),
  /** ACK from 0x65, seq 1, checksum, no mark. */
  ack: hex('53 E5 07 00 01 40 80'),
} as const;

/** §A8 Annex E secure channel vectors (SCBK-D, RND.A = B0…B7, RND.B = A0…A7). */
export const ANNEX_E_SC = {
  scbk: hex('303132333435363738393A3B3C3D3E3F'),
  rndA: hex('B0B1B2B3B4B5B6B7'),
  rndB: hex('A0A1A2A3A4A5A6A7'),
  sEnc: hex('bf8dc2a8329acb8c67c6d0cd9a451682'),
  sMac1: hex('5e86c676603bdee2d8beafe178637332'),
  sMac2: hex('6fda86e857777e81132035758239172e'),
  clientCryptogram: hex('fde5d2f428ec16312471ea3c02bd7796'),
  serverCryptogram: hex('26d3356e07762d262801fc8e6665a891'),
  rmacI: hex('b2a30057eb98ba2229ec1f875662b524'),
} as const;
