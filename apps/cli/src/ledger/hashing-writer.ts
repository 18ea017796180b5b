import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, fsync, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import type { FileRole, ManifestFile } from './export-layout.js';

/**
 * One export file: written through a stream that respects backpressure (the writer waits for 'drain', so the
 * export never holds more than a page in memory), hashed on the way out for the manifest, fsync'd on close.
 */
export class HashingWriter {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  lines = 0;

  private constructor(private readonly stream: WriteStream, readonly path: string) {}

  static async open(root: string, path: string): Promise<HashingWriter> {
    const full = join(root, path);
    await mkdir(dirname(full), { recursive: true });
    const stream = createWriteStream(full, { flags: 'wx' });
    await once(stream, 'open');
    return new HashingWriter(stream, path);
  }

  async write(chunk: string | Buffer, lines = 0): Promise<void> {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.hash.update(buf);
    this.bytes += buf.length;
    this.lines += lines;
    if (!this.stream.write(buf)) await once(this.stream, 'drain');
  }

  /** Flushes, syncs and closes; returns the manifest entry. */
  async close(role: FileRole, extra: Partial<ManifestFile> = {}): Promise<ManifestFile> {
    const fd = (this.stream as WriteStream & { fd: number }).fd;
    await new Promise<void>((resolve, reject) => this.stream.write('', (err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
    this.stream.end();
    await once(this.stream, 'close');
    return { path: this.path, role, bytes: this.bytes, sha256: this.hash.digest('hex'), ...extra };
  }
}
