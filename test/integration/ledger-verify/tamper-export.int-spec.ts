import { jest } from '@jest/globals';
import { generateNoteKey, parseSignerKey, signNote } from '#domain';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../../../apps/cli/src/ledger/export-layout.js';
import { LedgerApi, ledgerApi, runCli, tempDir, verifyJson } from './ledger-verify.support.js';

jest.setTimeout(120_000);

/** Changes made to an export after it left the database: checkpoints, keys and the ledger sheet. */
describe('the offline verifier against a tampered export', () => {
  let api: LedgerApi;
  let key: string;
  let honest: string;

  beforeAll(async () => {
    api = await ledgerApi();
    await api.day();
    key = await api.verifierKey();
    honest = join(tempDir('acs-honest-'), 'export');
    const run = await runCli(['ledger', 'export', honest], api.env);
    if (run.code !== 0) throw new Error(`export failed:\n${run.stdout}\n${run.stderr}`);
  });
  afterAll(() => api?.close());

  const copy = (): string => {
    const dir = join(tempDir('acs-edit-'), 'export');
    cpSync(honest, dir, { recursive: true });
    return dir;
  };
  const edit = (dir: string, path: string, change: (text: string) => string) => writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')));
  /** What a careful forger does next: make manifest.json agree with the edited files. */
  const rehash = (dir: string) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const files = manifest.files.map((f) => ({ ...f, sha256: createHash('sha256').update(readFileSync(join(dir, f.path))).digest('hex') }));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, files }, null, 2));
  };
  const checkpointPaths = (dir: string) => readdirSync(join(dir, 'checkpoints')).map((f) => `checkpoints/${f}`);
  /** The checkpoint text of a signed note: everything before the blank line and the signatures. */
  const noteText = (note: string) => note.slice(0, note.indexOf('\n\n') + 1);

  it('the honest export verifies', async () => {
    expect((await verifyJson(honest, '--trusted-key', key)).code).toBe(0);
  });

  it('rejects an edited checkpoint: its signature no longer verifies', async () => {
    const dir = copy();
    const [first] = checkpointPaths(dir);
    edit(dir, first!, (note) => note.replace(/^(.*\n)(\d+)\n/, (_, origin: string, size: string) => `${origin}${Number(size) + 1}\n`));
    const { code, report } = await verifyJson(dir, '--trusted-key', key);
    expect(code).toBe(1);
    expect(report.records.problems).toEqual(expect.arrayContaining([expect.objectContaining({ problem: 'bad-checkpoint', code: 'invalid-signature' })]));
    expect(report.files).toEqual([expect.objectContaining({ path: first, problem: 'hash-mismatch' })]);
    rehash(dir);
    expect((await verifyJson(dir, '--trusted-key', key)).code).toBe(1);
  });

  it('rejects a checkpoint forged with another key, even with the manifest made to match', async () => {
    const dir = copy();
    const forger = generateNoteKey(api.t.config.log.origin);
    const signer = parseSignerKey(forger.signerKey);
    if (!signer.ok) throw new Error(signer.error.message);
    const [, second] = checkpointPaths(dir);
    writeFileSync(join(dir, second!), signNote(noteText(readFileSync(join(dir, second!), 'utf8')), [signer.key]));
    rehash(dir);
    const { code, report } = await verifyJson(dir, '--trusted-key', key);
    expect(code).toBe(1);
    expect(report.records.problems).toEqual(expect.arrayContaining([expect.objectContaining({ problem: 'bad-checkpoint', code: 'no-verified-signature' })]));
    expect(report.files).toEqual([]);
  });

  it("accepts a re-signed export on its own key (with the warning), but not on the published key", async () => {
    const dir = copy();
    const forger = generateNoteKey(api.t.config.log.origin);
    const signer = parseSignerKey(forger.signerKey);
    if (!signer.ok) throw new Error(signer.error.message);
    for (const path of checkpointPaths(dir)) writeFileSync(join(dir, path), signNote(noteText(readFileSync(join(dir, path), 'utf8')), [signer.key]));
    writeFileSync(join(dir, 'verifier-keys.txt'), `${forger.verifierKey}\n`);
    rehash(dir);
    const own = await runCli(['ledger', 'verify', dir]);
    expect(own.code).toBe(0);
    expect(own.stderr).toMatch(/an auditor should pass the published key/);
    const published = await verifyJson(dir, '--trusted-key', key);
    expect(published.code).toBe(1);
    expect(published.report.records.checkpointsVerified).toBe(0);
    const keyFile = join(tempDir('acs-key-'), 'trusted.txt');
    writeFileSync(keyFile, `# the key published by the site\n${key}\n`);
    expect((await verifyJson(dir, '--trusted-key-file', keyFile)).code).toBe(1);
  });

  it('catches a ledger sheet edited after the export, with and without the manifest made to match', async () => {
    const dir = copy();
    const purposeIdx = Number((await api.ds.query(`SELECT idx FROM access_log WHERE type = 'stay.purpose' ORDER BY idx LIMIT 1`))[0].idx);
    edit(dir, 'ledger/stays.ndjson', (text) => text.replace('UPS点検 / UPS inspection', '定期点検 / routine check'));
    const naive = await verifyJson(dir, '--trusted-key', key);
    expect(naive.code).toBe(1);
    expect(naive.report.files).toEqual([expect.objectContaining({ path: 'ledger/stays.ndjson', problem: 'hash-mismatch' })]);
    rehash(dir);
    const careful = await verifyJson(dir, '--trusted-key', key);
    expect(careful.code).toBe(1);
    expect(careful.report.files).toEqual([]);
    expect(careful.report.records.problems).toEqual([]);
    expect(careful.report.ledger!.mismatches).toEqual([expect.objectContaining({ idx: purposeIdx, message: expect.stringMatching(/purpose is "定期点検 \/ routine check", the records say "UPS点検 \/ UPS inspection"/) })]);
    expect(careful.report.firstBadIndex).toBe(purposeIdx);
  });

  it('catches a stay removed from the sheet, and one added to it', async () => {
    const dir = copy();
    const lines = readFileSync(join(dir, 'ledger/stays.ndjson'), 'utf8').trimEnd().split('\n');
    const removed = JSON.parse(lines[0]!) as { entryAttemptId: string };
    const invented = { ...JSON.parse(lines[1]!), id: '0190f5c2-7a4b-7cde-8f01-00000000beef', entryAttemptId: '0190f5c2-7a4b-7cde-8f01-00000000cafe' };
    writeFileSync(join(dir, 'ledger/stays.ndjson'), [...lines.slice(1), JSON.stringify(invented)].map((l) => `${l}\n`).join(''));
    rehash(dir);
    const { code, report } = await verifyJson(dir, '--trusted-key', key);
    expect(code).toBe(1);
    const entryIdx = Number((await api.ds.query(`SELECT idx FROM access_log WHERE attempt_id = $1 AND kind = 'decision'`, [removed.entryAttemptId]))[0].idx);
    expect(report.ledger!.mismatches).toEqual([
      expect.objectContaining({ idx: entryIdx, message: expect.stringMatching(/is not in the sheet/) }),
      expect.objectContaining({ line: lines.length, message: expect.stringMatching(/has no entry grant in the records/) }),
    ]);
  });

  it('reports a frame that is not a record at its index, and a file missing from the export', async () => {
    const dir = copy();
    const path = join(dir, 'records/0000000000000000.bin');
    const records = readFileSync(path);
    const second = 4 + records.readUInt32BE(0); // the frame of record 1
    records[second + 4] = 0x07; // its version byte: no canonical record has version 7
    writeFileSync(path, records);
    const { code, report } = await verifyJson(dir, '--trusted-key', key);
    expect(code).toBe(1);
    expect(report.records.problems).toEqual([expect.objectContaining({ problem: 'malformed-record', firstBadIndex: 1 })]);
    expect(report.firstBadIndex).toBe(1);
    rmSync(join(dir, 'nodes/level-01.bin'));
    const missing = await verifyJson(dir, '--trusted-key', key);
    expect(missing.report.files).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'nodes/level-01.bin', problem: 'missing' })]));
  });
});
