import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessLogRepository } from './access-log.repository.js';
import type { AppendResult, NewLogRecord } from './access-log.types.js';

interface Waiting {
  records: NewLogRecord[];
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** Records per group commit: big enough to amortise the commit, small enough to keep latency low. */
const MAX_GROUP = 2000;

/**
 * Group commit for the access log: appends that arrive while a commit is in flight are written together in
 * the next transaction (one head lock, one fsync), so throughput grows with load while each caller still
 * returns only after its records are durable. A failing group is retried caller by caller, so one bad
 * record cannot fail the others.
 */
@Injectable()
export class LogAppender {
  private queue: Waiting[] = [];
  private draining = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: AccessLogRepository,
  ) {}

  append(records: NewLogRecord[]): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      await callersCatchUp();
      while (this.queue.length > 0) {
        const group = this.takeGroup();
        try {
          const result = await this.dataSource.transaction((m) => this.log.append(m, group.flatMap((w) => w.records)));
          for (const w of group) w.resolve(share(result, w.records));
          await callersCatchUp();
        } catch {
          for (const w of group) {
            await this.dataSource.transaction((m) => this.log.append(m, w.records)).then(w.resolve, w.reject);
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    let size = 0;
    while (this.queue.length > 0 && (group.length === 0 || size + this.queue[0].records.length <= MAX_GROUP)) {
      const next = this.queue.shift()!;
      size += next.records.length;
      group.push(next);
    }
    return group;
  }
}

/**
 * Lets the callers a commit just released queue their next records before the next group is taken: taking it at
 * once committed the first of them alone and the rest in the group after, halving the records per commit.
 */
const callersCatchUp = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One caller's part of a group's result. */
function share(result: AppendResult, records: NewLogRecord[]): AppendResult {
  const mine = new Set(records.map((r) => r.id));
  const appended = new Set(result.appended);
  return {
    appended: records.filter((r) => appended.has(r.id) && mine.delete(r.id)).map((r) => r.id),
    duplicates: records.filter((r) => !appended.has(r.id)).map((r) => r.id),
  };
}
