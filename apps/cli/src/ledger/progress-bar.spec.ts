import { formatRate, render } from './progress-bar.js';

describe(render.name, () => {
  it('draws the share done, the counts, the rate and the time left', () => {
    expect(render('verify', 250_000, 1_000_000, 2)).toBe(`verify [${'█'.repeat(7)}${'░'.repeat(21)}]  25.0%  250,000/1,000,000  125 k/s ETA 6s`);
    expect(render('verify', 1_000_000, 1_000_000, 4)).toBe(`verify [${'█'.repeat(28)}] 100.0%  1,000,000/1,000,000  250 k/s`);
  });

  it('formats rates for people', () => {
    expect([formatRate(950), formatRate(81_234), formatRate(1_250_000)]).toEqual(['950', '81 k', '1.25 M']);
  });
});
