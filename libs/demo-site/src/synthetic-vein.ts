import { createHmac, randomInt } from 'node:crypto';

/**
 * Simulated vein biometrics for demos and tests (policy 5(3)②イⅲ: never real biometric data).
 * A "vein pattern" is a 512-bit vector derived from the person number and finger; a sample is that pattern
 * with sensor noise; the simulated sensor scores a sample against a template by Hamming distance, the way
 * real matchers report a similarity score (0 = no match … 255 = best).
 */
export const SYNTHETIC_VEIN_FORMAT = 0x00;
const PATTERN_BYTES = 64;
const NOISE_BIT_PROBABILITY = 0.06;

export function syntheticVeinPattern(personNo: string, position: string): Buffer {
  const out = Buffer.alloc(PATTERN_BYTES);
  for (let block = 0; block * 32 < PATTERN_BYTES; block++) {
    createHmac('sha256', 'acs-synthetic-vein-v1').update(`${personNo}|${position}|${block}`).digest().copy(out, block * 32);
  }
  return out;
}

/** The pattern as a sensor would read it: a few bits differ every time. */
export function syntheticVeinSample(pattern: Buffer, noise = NOISE_BIT_PROBABILITY): Buffer {
  const sample = Buffer.from(pattern);
  const bits = sample.length * 8;
  const flips = Math.round(bits * noise);
  for (let i = 0; i < flips; i++) {
    const bit = randomInt(bits);
    sample[bit >> 3] ^= 1 << (bit & 7);
  }
  return sample;
}

/** Similarity score 0…255: 255 for identical vectors, 0 for unrelated ones (half the bits differ). */
export function scoreVeinSample(template: Buffer, sample: Buffer): number {
  if (template.length !== sample.length || template.length === 0) return 0;
  let distance = 0;
  for (let i = 0; i < template.length; i++) distance += popcount(template[i] ^ sample[i]);
  const similarity = 1 - (2 * distance) / (template.length * 8);
  return Math.max(0, Math.min(255, Math.round(255 * similarity)));
}

function popcount(byte: number): number {
  let n = 0;
  for (let b = byte; b !== 0; b &= b - 1) n++;
  return n;
}
