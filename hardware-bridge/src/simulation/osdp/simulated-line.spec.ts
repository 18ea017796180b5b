import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCBK_DEFAULT } from '#osdp';
import { captureLogger } from '../../testing/test-logger.js';
import { ensureSimulatedKeys } from './simulated-keys.js';
import { openSimulatedLine } from './simulated-line.js';

describe('simulated lines and keys', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sim-line-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should fall back to an in-memory line that carries the same bytes when socat is missing, and say so', async () => {
    const { logger, lines } = captureLogger();
    const line = await openSimulatedLine({ dir, baudRate: 115200, logger, socat: join(dir, 'no-such-socat') });
    expect(line.kind).toBe('loopback');
    expect(lines.join('')).toMatch(/socat pty pair unavailable: simulated devices on an in-memory line/);
    await Promise.all([line.bridgeSide.open(), line.deviceSide.open()]);
    const got: Buffer[] = [];
    line.deviceSide.onData((c) => got.push(c));
    await line.bridgeSide.write(Buffer.from([0xff, 0x53, 0x01, 0x08, 0x00, 0x04, 0x60]));
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(got)).toEqual(Buffer.from([0xff, 0x53, 0x01, 0x08, 0x00, 0x04, 0x60]));
    await line.close();
  });

  it('should generate one random key per device once, keep it across starts, mode 600, never SCBK-D', () => {
    const path = join(dir, 'keys', 'osdp-simulated-keys.json');
    ensureSimulatedKeys(path, ['reader-1', 'io-1']);
    const first = JSON.parse(readFileSync(path, 'utf8')) as { scbk: Record<string, string> };
    expect(Object.keys(first.scbk)).toEqual(['reader-1', 'io-1']);
    expect(first.scbk['reader-1']).toMatch(/^[0-9a-f]{32}$/);
    expect(first.scbk['reader-1']).not.toBe(first.scbk['io-1']);
    expect(first.scbk['reader-1']).not.toBe(SCBK_DEFAULT.toString('hex'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    ensureSimulatedKeys(path, ['reader-1', 'io-1', 'reader-2']);
    const second = JSON.parse(readFileSync(path, 'utf8')) as { scbk: Record<string, string> };
    expect(second.scbk['reader-1']).toBe(first.scbk['reader-1']);
    expect(second.scbk['reader-2']).toMatch(/^[0-9a-f]{32}$/);
  });
});
