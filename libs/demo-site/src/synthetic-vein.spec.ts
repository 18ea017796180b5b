import { DEMO_DOOR, DEMO_PEOPLE } from './demo-site.js';
import { scoreVeinSample, syntheticVeinPattern, syntheticVeinSample } from './synthetic-vein.js';

describe('synthetic vein biometrics', () => {
  const pattern = syntheticVeinPattern('S0001', 'right-index');

  it('derives the same pattern for the same finger', () => {
    expect(syntheticVeinPattern('S0001', 'right-index').equals(pattern)).toBe(true);
  });

  it('scores a noisy sample of the enrolled finger above the demo threshold', () => {
    for (let i = 0; i < 200; i++) {
      expect(scoreVeinSample(pattern, syntheticVeinSample(pattern))).toBeGreaterThanOrEqual(DEMO_DOOR.veinThreshold + 30);
    }
  });

  it('scores another finger or another person far below the threshold', () => {
    const others = [syntheticVeinPattern('S0001', 'left-index'), syntheticVeinPattern('S0002', 'right-index')];
    for (const other of others) {
      expect(scoreVeinSample(pattern, syntheticVeinSample(other))).toBeLessThan(DEMO_DOOR.veinThreshold - 80);
    }
  });

  it('scores identical vectors 255 and mismatched lengths 0', () => {
    expect(scoreVeinSample(pattern, pattern)).toBe(255);
    expect(scoreVeinSample(pattern, pattern.subarray(1))).toBe(0);
  });

  it('has synthetic people with unique numbers and 6-digit PINs (the default PIN policy)', () => {
    expect(new Set(DEMO_PEOPLE.map((p) => p.personNo)).size).toBe(DEMO_PEOPLE.length);
    for (const p of DEMO_PEOPLE) expect(p.pin).toMatch(/^\d{6}$/);
  });
});
