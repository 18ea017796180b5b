import { randomBytes } from 'node:crypto';
import { parseCacheKeys } from './cache-keys.js';

describe(parseCacheKeys.name, () => {
  const k1 = randomBytes(32).toString('base64');
  const k2 = randomBytes(32).toString('base64');

  it('reads comma- or line-separated entries, with comments', () => {
    const parsed = parseCacheKeys(`bridge-1:k7:${k1}, bridge-2:k2:${k2}\n# retired: bridge-3\n`, 'ACS_CACHE_KEYS');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect([...parsed.keys.keys()]).toEqual(['bridge-1', 'bridge-2']);
    expect(parsed.keys.get('bridge-1')).toEqual({ id: 'k7', key: Buffer.from(k1, 'base64') });
  });

  it('lists every bad entry without echoing a key', () => {
    const parsed = parseCacheKeys(`bridge-1:k7:${k1},bridge-1:k8:${k2},bridge 2:k:${k1},bridge-3:k3:c2hvcnQ=,x`, 'keys.txt');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      'keys.txt entry 2 (bridge-1): bridge bridge-1 is listed twice',
      'keys.txt entry 3 must be bridgeId:keyId:base64key',
      'keys.txt entry 4 (bridge-3): the key must be 32 bytes, base64 encoded',
      'keys.txt entry 5 (x) must be bridgeId:keyId:base64key',
    ]);
    expect(parsed.problems.join('\n')).not.toContain(k1.slice(0, 12));
  });
});
