import { CURRENT_SITE_CONFIG_VERSION } from './site-config.schema.js';
import { SiteConfigV1, siteConfigV1CrossChecks } from './site-config.v1.schema.js';
import { ConfigError, validateConfig } from './validate-config.js';

/** One step: validates the file as version `from` and rewrites it as version `from + 1` (plain objects). */
interface Migration {
  from: number;
  migrate(plain: unknown, source: string, notes: string[]): Record<string, unknown>;
}

/** Where a v1 file's devices land: one bus whose port the operator must check. */
export const V1_MIGRATION_BUS = { id: 'bus-1', device: '/dev/ttyUSB0', baud: 9600 } as const;

/**
 * v1 (walking skeleton, no buses) → v2: every door's two readers and a new I/O module
 * (`<door id>-io`: strike on output 0, contact on input 0, REX on input 1) go on one bus at consecutive
 * addresses from 0. Fine for `--simulate`; on a real site the operator checks port and addresses.
 */
const v1ToV2: Migration = {
  from: 1,
  migrate(plain, source, notes) {
    const v1 = validateConfig(SiteConfigV1, plain, source, siteConfigV1CrossChecks);
    let address = 0;
    const taken = new Set(v1.doors.flatMap((d) => [d.entryReader.id, d.exitReader.id]));
    const devices: Array<Record<string, unknown>> = [];
    const doors = v1.doors.map((door) => {
      let ioId = `${door.id}-io`;
      for (let n = 2; taken.has(ioId); n++) ioId = `${door.id}-io${n}`;
      taken.add(ioId);
      devices.push(
        { id: door.entryReader.id, role: 'reader', bus: V1_MIGRATION_BUS.id, address: address++ },
        { id: door.exitReader.id, role: 'reader', bus: V1_MIGRATION_BUS.id, address: address++ },
        { id: ioId, role: 'io', bus: V1_MIGRATION_BUS.id, address: address++ },
      );
      return {
        id: door.id,
        ...(door.areaId !== undefined && { areaId: door.areaId }),
        entryReader: door.entryReader.id,
        exitReader: door.exitReader.id,
        io: { module: ioId, strikeOutput: 0, contactInput: 0, rexInput: 1 },
        strike: { pulseMs: door.strike.pulseMs, maxPulseMs: door.strike.maxPulseMs },
        heldOpenMs: door.heldOpenMs,
        rexGraceMs: door.rexGraceMs,
      };
    });
    notes.push(
      `${source}: configVersion 1 migrated to 2 in memory: readers and I/O modules placed on bus ${V1_MIGRATION_BUS.id} ` +
        `(${V1_MIGRATION_BUS.device}, ${V1_MIGRATION_BUS.baud} baud) at addresses 0–${address - 1}; ` +
        'check the wiring and write the file as configVersion 2',
    );
    return { configVersion: 2, bridgeId: v1.bridgeId, buses: [{ ...V1_MIGRATION_BUS }], devices, doors };
  },
};

const MIGRATIONS: readonly Migration[] = [v1ToV2];

/**
 * Brings a parsed wiring file up to the current version, one step at a time (Zigbee2MQTT settings
 * migration idea). The file itself is not rewritten: it lives in git; `notes` say what to change.
 * A file that is already current passes through untouched; one from the future is refused.
 */
export function migrateSiteConfig(plain: unknown, source: string, notes: string[]): unknown {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return plain;
  let current = plain as Record<string, unknown>;
  let version = current.configVersion;
  while (version !== CURRENT_SITE_CONFIG_VERSION) {
    const step = MIGRATIONS.find((m) => m.from === version);
    if (!step) {
      throw new ConfigError(source, [`configVersion must be one of ${[...MIGRATIONS.map((m) => m.from), CURRENT_SITE_CONFIG_VERSION].join(', ')} (got ${JSON.stringify(version)})`]);
    }
    current = step.migrate(current, source, notes);
    version = current.configVersion;
  }
  return current;
}
