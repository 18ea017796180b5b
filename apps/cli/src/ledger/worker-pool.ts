import { Worker } from 'node:worker_threads';
import type { SegmentJob, SegmentResult } from './verify-worker.js';

/** A few verify-worker threads; jobs go round-robin (segments are the same size), results come back by id. */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { worker: number; resolve: (r: SegmentResult) => void }>();

  constructor(size: number) {
    this.workers = Array.from({ length: size }, (_, n) => {
      const worker = new Worker(new URL('./verify-worker.js', import.meta.url));
      worker.on('message', (r: SegmentResult) => this.settle(r));
      // A crashed worker fails its pending jobs; the caller then falls back to the sequential verifier.
      worker.on('error', (err) => {
        for (const [id, w] of this.waiting) if (w.worker === n) this.settle({ id, error: err.message });
      });
      return worker;
    });
  }

  run(job: SegmentJob): Promise<SegmentResult> {
    const worker = job.id % this.workers.length;
    return new Promise((resolve) => {
      this.waiting.set(job.id, { worker, resolve });
      this.workers[worker]!.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle(r: SegmentResult): void {
    const w = this.waiting.get(r.id);
    this.waiting.delete(r.id);
    w?.resolve(r);
  }
}
