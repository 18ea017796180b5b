import type { DeviceRole, SiteConfig } from './site-config.schema.js';

/** Rules across fields that decorators cannot express: references, duplicates, addresses, points. */
export function siteConfigCrossChecks(config: SiteConfig): string[] {
  const problems: string[] = [];
  const duplicates = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) problems.push(`${kind}.${i}.id: duplicate id ${id}`);
      seen.add(id);
    });
  };
  duplicates('buses', config.buses.map((b) => b.id));
  duplicates('devices', config.devices.map((d) => d.id));
  duplicates('doors', config.doors.map((d) => d.id));

  const buses = new Set(config.buses.map((b) => b.id));
  const addresses = new Map<string, string>();
  config.devices.forEach((device, i) => {
    if (!buses.has(device.bus)) problems.push(`devices.${i}.bus: no bus ${device.bus}`);
    const at = `${device.bus}/${device.address}`;
    const other = addresses.get(at);
    if (other) problems.push(`devices.${i}.address: ${device.id} and ${other} share address ${device.address} on bus ${device.bus}`);
    addresses.set(at, device.id);
    if (device.installMode && !device.secureChannel) problems.push(`devices.${i}.installMode: install mode needs secureChannel`);
  });

  const devices = new Map(config.devices.map((d) => [d.id, d]));
  const ref = (path: string, id: string, role: DeviceRole): boolean => {
    const device = devices.get(id);
    if (!device) problems.push(`${path}: no device ${id}`);
    else if (device.role !== role) problems.push(`${path}: ${id} is a${device.role === 'io' ? 'n I/O module' : ' reader'}, not a${role === 'io' ? 'n I/O module' : ' reader'}`);
    return device?.role === role;
  };
  const readerUse = new Map<string, string>();
  const points = new Map<string, string>();
  const usePoint = (path: string, key: string, what: string) => {
    const other = points.get(key);
    if (other) problems.push(`${path}: ${what} is already used by ${other}`);
    points.set(key, path);
  };
  config.doors.forEach((door, i) => {
    for (const [key, readerId] of [['entryReader', door.entryReader], ['exitReader', door.exitReader]] as const) {
      if (readerId === undefined || !ref(`doors.${i}.${key}`, readerId, 'reader')) continue;
      const other = readerUse.get(readerId);
      if (other) problems.push(`doors.${i}.${key}: reader ${readerId} is wired twice (also ${other})`);
      readerUse.set(readerId, `doors.${i}.${key}`);
    }
    const io = door.io;
    if (ref(`doors.${i}.io.module`, io.module, 'io')) {
      usePoint(`doors.${i}.io.strikeOutput`, `${io.module}/out/${io.strikeOutput}`, `output ${io.strikeOutput} of ${io.module}`);
      usePoint(`doors.${i}.io.contactInput`, `${io.module}/in/${io.contactInput}`, `input ${io.contactInput} of ${io.module}`);
      if (io.rexInput !== undefined) usePoint(`doors.${i}.io.rexInput`, `${io.module}/in/${io.rexInput}`, `input ${io.rexInput} of ${io.module}`);
    }
    if (door.strike.pulseMs > door.strike.maxPulseMs) {
      problems.push(`doors.${i}.strike.pulseMs: ${door.strike.pulseMs} exceeds maxPulseMs ${door.strike.maxPulseMs}`);
    }
  });
  return problems;
}
