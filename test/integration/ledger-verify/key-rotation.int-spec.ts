import { jest } from '@jest/globals';
import { openCheckpoint, parseVerifierKey, type NoteVerifier } from '#domain';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LogTreeRepository } from '../../../apps/api/src/modules/access-log/log-tree.repository.js';
import type { StoredCheckpoint } from '../../../apps/api/src/modules/access-log/log-tree.repository.js';
import { LedgerApi, ledgerApi, runCli, tempDir, verifyJson } from './ledger-verify.support.js';

jest.setTimeout(120_000);

const verifier = (key: string): NoteVerifier => {
  const parsed = parseVerifierKey(key);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.key;
};
const verifiesWith = (c: StoredCheckpoint, key: string, origin: string) => openCheckpoint(c.note, [verifier(key)], { origin }).ok;

describe('rotating the access-log signing key with `acs log key`', () => {
  let api: LedgerApi;
  let origin: string;
  let oldKey: string;
  let newKey: string;
  const checkpoints: StoredCheckpoint[] = [];
  const keyFile = () => join(api.t.config.dataDir, 'log-signing.key');

  beforeAll(async () => {
    api = await ledgerApi();
    origin = api.t.config.log.origin;
    await api.doorEvents(10);
    checkpoints.push((await api.sign()) as StoredCheckpoint);
    oldKey = await api.verifierKey();
  });
  afterAll(() => api?.close());

  it('shows the current key, and generate refuses to overwrite it', async () => {
    const show = await runCli(['log', 'key', 'show'], api.env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`current     ${oldKey}`);
    expect(show.stdout).not.toContain('PRIVATE');
    const generate = await runCli(['log', 'key', 'generate'], api.env);
    expect(generate.code).toBe(2);
    expect(generate.stderr).toMatch(/already holds a key: use `log key rotate`/);
  });

  it('rotate: a new current key, written with mode 600, and both keys sign the next checkpoint (no restart)', async () => {
    const run = await runCli(['log', 'key', 'rotate'], api.env);
    expect(run.code).toBe(0);
    newKey = /new \(current\) +(\S+)/.exec(run.stdout)![1]!;
    expect(newKey).not.toBe(oldKey);
    expect(run.stdout).toContain(`co-signing     ${oldKey}`);
    expect(run.stdout).not.toContain('PRIVATE');
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile(), 'utf8').trim().split('\n')).toHaveLength(2);

    await api.doorEvents(5);
    const overlap = (await api.sign()) as StoredCheckpoint;
    checkpoints.push(overlap);
    expect(verifiesWith(overlap, oldKey, origin)).toBe(true);
    expect(verifiesWith(overlap, newKey, origin)).toBe(true);
    expect(overlap.verifierKeys).toEqual([newKey, oldKey]);
    expect(await api.verifierKey()).toBe(newKey);
  });

  it('retire: only the new key signs from then on; the log remembers every key that ever signed', async () => {
    const run = await runCli(['log', 'key', 'retire'], api.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Retired / 廃止: ${oldKey}`);
    await api.doorEvents(5);
    const after = (await api.sign()) as StoredCheckpoint;
    checkpoints.push(after);
    expect(verifiesWith(after, newKey, origin)).toBe(true);
    expect(verifiesWith(after, oldKey, origin)).toBe(false);
    expect(verifiesWith(checkpoints[0]!, newKey, origin)).toBe(false);
    expect(await api.t.moduleRef.get(LogTreeRepository).recordedVerifierKeys()).toEqual([oldKey, newKey]);
    const again = await runCli(['log', 'key', 'retire'], api.env);
    expect(again.stdout).toMatch(/Nothing to retire/);
  });

  it('an export carries the retired key too, and verifies across the rotation; the new key alone cannot vouch for the old checkpoints', async () => {
    const dir = join(tempDir('acs-rotation-'), 'export');
    const exported = await runCli(['ledger', 'export', dir], api.env);
    expect(exported.code).toBe(0);
    expect(readFileSync(join(dir, 'verifier-keys.txt'), 'utf8')).toBe(`${oldKey}\n${newKey}\n`);

    const both = await verifyJson(dir, '--trusted-key', oldKey, '--trusted-key', newKey);
    expect(both.code).toBe(0);
    expect(both.report.records.checkpointsVerified).toBe(3);
    const newOnly = await verifyJson(dir, '--trusted-key', newKey);
    expect(newOnly.code).toBe(1);
    expect(newOnly.report.ok).toBe(false);
  });
});
