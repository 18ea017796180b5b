import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NdjsonReader } from './ndjson-reader.js';

/** Lines of every length around the 1 MiB read size, with Japanese text across the read boundaries. */
function sample(): { path: string; lines: string[]; bytes: Buffer } {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) lines.push(JSON.stringify({ i, note: '入退室管理簿'.repeat(i % 97), pad: 'x'.repeat((i * 37) % 500) }));
  lines.push(JSON.stringify({ long: 'サーバ室'.repeat(400_000) })); // one line longer than a read
  lines.push('{"last":true}');
  const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
  const path = join(mkdtempSync(join(tmpdir(), 'acs-ndjson-')), 'lines.ndjson');
  writeFileSync(path, bytes);
  return { path, lines, bytes };
}

describe(NdjsonReader.name, () => {
  const { path, lines, bytes } = sample();
  const sha = createHash('sha256').update(bytes).digest('hex');

  it('yields every line intact, whatever the read boundaries cut through, and hashes the file', async () => {
    const reader = new NdjsonReader(path);
    const read: string[] = [];
    for await (const batch of reader.batches()) read.push(...batch);
    expect(read).toEqual(lines);
    expect(reader.sha256()).toBe(sha);
    expect(reader.bytes).toBe(bytes.length);
  });

  it('keeps a last line without its newline, and an empty line as an empty line', async () => {
    const p = join(mkdtempSync(join(tmpdir(), 'acs-ndjson-')), 'x.ndjson');
    writeFileSync(p, 'a\n\nb');
    const reader = new NdjsonReader(p);
    const read: string[] = [];
    for await (const batch of reader.batches()) read.push(...batch);
    expect(read).toEqual(['a', '', 'b']);
  });
});
