import { DEMO_BRIDGE_ID, DEMO_DOOR } from '#demo-site';
import { loadSiteConfig, parseSiteConfig } from './load-site-config.js';
import { ConfigError } from './validate-config.js';

const V2 = `
configVersion: 2
bridgeId: b1
buses:
  - { id: bus-1, device: /dev/ttyUSB0 }
devices:
  - { id: r1, role: reader, bus: bus-1, address: 0 }
  - { id: io1, role: io, bus: bus-1, address: 1 }
doors:
  - { id: d1, entryReader: r1, io: { module: io1, strikeOutput: 0, contactInput: 0 } }
`;

const problemsOf = (yaml: string): string => {
  try {
    parseSiteConfig(yaml);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
};

describe(loadSiteConfig.name, () => {
  it('should load the shipped simulate.yaml matching the demo site', () => {
    const notes: string[] = [];
    const config = loadSiteConfig('hardware-bridge/config/simulate.yaml', notes);
    expect(notes).toEqual([]);
    expect(config.bridgeId).toBe(DEMO_BRIDGE_ID);
    expect(config.buses).toEqual([expect.objectContaining({ id: 'bus-1', baud: 115200, pollIntervalMs: 100 })]);
    expect(config.devices.map((d) => [d.id, d.role, d.secureChannel, d.installMode])).toEqual([
      [DEMO_DOOR.entryReaderId, 'reader', true, false],
      [DEMO_DOOR.exitReaderId, 'reader', true, false],
      ['io-a1', 'io', true, false],
    ]);
    expect(config.doors[0]).toMatchObject({
      id: DEMO_DOOR.id,
      areaId: DEMO_DOOR.areaId,
      entryReader: DEMO_DOOR.entryReaderId,
      exitReader: DEMO_DOOR.exitReaderId,
      io: { module: 'io-a1', strikeOutput: 0, contactInput: 0, rexInput: 1 },
      strike: { pulseMs: 5_000, maxPulseMs: 10_000 },
      heldOpenMs: 30_000,
    });
    expect(Object.isFrozen(config.doors[0]!.strike)).toBe(true);
  });

  it('should fill defaults: 9600 baud, 200 ms polls, Secure Channel on, install mode off', () => {
    const config = parseSiteConfig(V2);
    expect(config.buses[0]).toMatchObject({ baud: 9600, pollIntervalMs: 200 });
    expect(config.devices[0]).toMatchObject({ secureChannel: true, installMode: false });
    expect(config.doors[0]).toMatchObject({ strike: { pulseMs: 5_000, maxPulseMs: 10_000 }, heldOpenMs: 30_000, rexGraceMs: 10_000 });
  });

  it('should report every problem at once, typos included', () => {
    const problems = problemsOf(
      V2.replace('bridgeId: b1', 'bridgeId: "bad id"')
        .replace('device: /dev/ttyUSB0', 'device: /dev/ttyUSB0, baud: 4800')
        .replace('address: 1', 'address: 127')
        .replace('strikeOutput: 0, contactInput: 0', 'strikeOutput: 0, contactInput: 0, rexInputs: 1'),
    );
    expect(problems).toMatch(/bridgeId/);
    expect(problems).toMatch(/baud must be one of 9600/);
    expect(problems).toMatch(/address/);
    expect(problems).toMatch(/rexInputs/);
  });

  it.each<[string, string, RegExp]>([
    ['an unknown bus', V2.replace('bus: bus-1, address: 0', 'bus: bus-2, address: 0'), /devices\.0\.bus: no bus bus-2/],
    ['two devices on one address', V2.replace('address: 1', 'address: 0'), /share address 0 on bus bus-1/],
    ['a door naming an I/O module as reader', V2.replace('entryReader: r1', 'entryReader: io1'), /io1 is an I\/O module, not a reader/],
    ['an unknown I/O module', V2.replace('module: io1', 'module: io9'), /no device io9/],
    ['the same input for contact and REX', V2.replace('contactInput: 0', 'contactInput: 0, rexInput: 0'), /input 0 of io1 is already used/],
    ['install mode without Secure Channel', V2.replace('address: 0 }', 'address: 0, secureChannel: false, installMode: true }'), /install mode needs secureChannel/],
    ['a pulse above the cap', V2.replace('contactInput: 0 } }', 'contactInput: 0 }, strike: { pulseMs: 9000, maxPulseMs: 8000 } }'), /exceeds maxPulseMs/],
    ['a configVersion from the future', V2.replace('configVersion: 2', 'configVersion: 3'), /configVersion must be one of 1, 2/],
  ])('should refuse %s', (_name, yaml, message) => {
    expect(problemsOf(yaml)).toMatch(message);
  });

  it('should refuse a reader wired to two doors', () => {
    const yaml = V2.replace(
      '  - { id: d1, entryReader: r1, io: { module: io1, strikeOutput: 0, contactInput: 0 } }',
      '  - { id: d1, entryReader: r1, io: { module: io1, strikeOutput: 0, contactInput: 0 } }\n' +
        '  - { id: d2, entryReader: r1, io: { module: io1, strikeOutput: 1, contactInput: 1 } }',
    );
    expect(problemsOf(yaml)).toMatch(/reader r1 is wired twice/);
  });
});

describe('site config migration v1 → v2', () => {
  const V1 = [
    'configVersion: 1',
    'bridgeId: b1',
    'doors:',
    '  - id: d1',
    '    areaId: a1',
    '    entryReader: {id: r1}',
    '    exitReader: {id: r2}',
    '    strike: {pulseMs: 3000, maxPulseMs: 8000}',
    '    heldOpenMs: 20000',
    '  - id: d2',
    '    entryReader: {id: r3}',
    '    exitReader: {id: d2-io}',
  ].join('\n');

  it('should place readers and one I/O module per door on one bus, keeping the door settings, with a note', () => {
    const notes: string[] = [];
    const config = parseSiteConfig(V1, 'v1.yaml', notes);
    expect(config.configVersion).toBe(2);
    expect(config.buses).toEqual([expect.objectContaining({ id: 'bus-1', device: '/dev/ttyUSB0', baud: 9600 })]);
    expect(config.devices.map((d) => `${d.id}:${d.role}@${d.address}`)).toEqual(['r1:reader@0', 'r2:reader@1', 'd1-io:io@2', 'r3:reader@3', 'd2-io:reader@4', 'd2-io2:io@5']);
    expect(config.doors[0]).toMatchObject({
      id: 'd1', areaId: 'a1', entryReader: 'r1', exitReader: 'r2',
      io: { module: 'd1-io', strikeOutput: 0, contactInput: 0, rexInput: 1 },
      strike: { pulseMs: 3_000, maxPulseMs: 8_000 }, heldOpenMs: 20_000, rexGraceMs: 10_000,
    });
    expect(config.doors[1]).toMatchObject({ io: { module: 'd2-io2' } });
    expect(notes).toEqual([expect.stringMatching(/^v1\.yaml: configVersion 1 migrated to 2 .*bus bus-1 \(\/dev\/ttyUSB0, 9600 baud\) at addresses 0–5/)]);
  });

  it('should report v1 problems against the v1 layout', () => {
    const problems = problemsOf(V1.replace('exitReader: {id: r2}', 'exitReader: {id: r1}').replace('heldOpenMs: 20000', 'heldOpenMS: 5'));
    expect(problems).toMatch(/doors\.0\.heldOpenMS/);
    const crossChecked = problemsOf(V1.replace('exitReader: {id: r2}', 'exitReader: {id: r1}'));
    expect(crossChecked).toMatch(/reader r1 is wired twice/);
  });
});
