import { DEMO_BRIDGE_ID, DEMO_DOOR } from '#demo-site';
import { loadSiteConfig, parseSiteConfig } from './load-site-config.js';
import { ConfigError } from './validate-config.js';

describe(loadSiteConfig.name, () => {
  it('should load the shipped simulate.yaml matching the demo site', () => {
    const config = loadSiteConfig('hardware-bridge/config/simulate.yaml');
    expect(config.bridgeId).toBe(DEMO_BRIDGE_ID);
    expect(config.doors).toHaveLength(1);
    expect(config.doors[0]).toMatchObject({
      id: DEMO_DOOR.id,
      areaId: DEMO_DOOR.areaId,
      entryReader: { id: DEMO_DOOR.entryReaderId },
      exitReader: { id: DEMO_DOOR.exitReaderId },
      strike: { pulseMs: 5_000, maxPulseMs: 10_000 },
      heldOpenMs: 30_000,
    });
    expect(Object.isFrozen(config.doors[0].strike)).toBe(true);
  });

  it('should fill defaults for optional door settings', () => {
    const config = parseSiteConfig(
      'configVersion: 1\nbridgeId: b1\ndoors:\n  - id: d1\n    entryReader: {id: r1}\n    exitReader: {id: r2}\n',
    );
    expect(config.doors[0]).toMatchObject({ strike: { pulseMs: 5_000, maxPulseMs: 10_000 }, heldOpenMs: 30_000 });
  });

  it('should report every problem at once, typos included', () => {
    const yaml = [
      'configVersion: 2',
      'bridgeId: "bad id"',
      'doors:',
      '  - id: d1',
      '    entryReader: {id: r1}',
      '    exitReader: {id: r1}',
      '    strike: {pulseMs: 5000, maxPulseMs: 90000}',
      '    heldOpenMS: 5',
    ].join('\n');
    let error: unknown;
    try {
      parseSiteConfig(yaml);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/configVersion/);
    expect(problems).toMatch(/bridgeId/);
    expect(problems).toMatch(/maxPulseMs/);
    expect(problems).toMatch(/heldOpenMS/);
  });

  it('should reject a pulse above the cap and a reader wired twice', () => {
    const yaml =
      'configVersion: 1\nbridgeId: b1\ndoors:\n  - id: d1\n    entryReader: {id: r1}\n    exitReader: {id: r1}\n' +
      '    strike: {pulseMs: 9000, maxPulseMs: 8000}\n';
    expect(() => parseSiteConfig(yaml)).toThrow(/wired twice[\s\S]*exceeds maxPulseMs|exceeds maxPulseMs[\s\S]*wired twice/);
  });
});
