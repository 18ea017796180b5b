import type { Hash, NodeSource } from '#domain';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { HASH_BYTES, nodesFile } from './export-layout.js';

/**
 * The exported tree nodes (level 0: the stored leaf hashes; 1 and up: log_nodes) as the verifier's `evidence`: read on demand (a bisection needs about 2·log n of
 * them), never loaded whole. An all-zero slot means the node was absent. The verifier trusts a node only once
 * its hashes lead up to a signed root, so a tampered nodes file can narrow nothing wrongly.
 */
export class NodeEvidence {
  private readonly fds = new Map<number, number>();

  constructor(private readonly root: string, private readonly listed: ReadonlySet<string>) {}

  readonly source: NodeSource = (level, index) => {
    const fd = this.fd(level);
    if (fd === undefined) return undefined;
    const buf = Buffer.alloc(HASH_BYTES);
    if (readSync(fd, buf, 0, HASH_BYTES, index * HASH_BYTES) !== HASH_BYTES) return undefined;
    return buf.some((b) => b !== 0) ? (buf as Hash) : undefined;
  };

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private fd(level: number): number | undefined {
    if (!this.fds.has(level)) {
      const path = nodesFile(level);
      const full = join(this.root, path);
      if (!this.listed.has(path) || !existsSync(full)) return undefined;
      this.fds.set(level, openSync(full, 'r'));
    }
    return this.fds.get(level);
  }
}
