import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { signCheckpoint } from '#domain';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { MAIN_LOG } from './access-log.types.js';
import { LogSigner } from './log-signer.js';
import { LogTreeRepository, type StoredCheckpoint } from './log-tree.repository.js';

/**
 * Signs a checkpoint of the access log every N records or T seconds (C2SP tlog-checkpoint in an Ed25519
 * signed note), stores it, and writes it as a file to the configured external directory (5(1)⑥ウ).
 * With several api processes one signs at a time (advisory lock); all checkpoints of a log form one chain.
 */
@Injectable()
export class Checkpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Checkpointer.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();
  /** Until the log has a checkpoint, the interval runs from this process's start. */
  private readonly startedAt = Date.now();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tree: LogTreeRepository,
    private readonly signer: LogSigner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.signer.keys();
    const tick = Math.min(1000, this.config.log.checkpointIntervalMs);
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.maybeSign()).catch((err: Error) => this.logger.error({ err: err.message }, 'checkpoint failed'));
    }, tick);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.signNow().catch(() => undefined); // leave nothing unsigned when stopping cleanly
  }

  /**
   * Signs when enough records or enough time has passed since the last stored checkpoint — stored, not
   * remembered, so a restarted api or a second one keeps the same schedule instead of signing on its first tick.
   */
  async maybeSign(now = Date.now()): Promise<StoredCheckpoint | undefined> {
    const head = await this.tree.head();
    const last = await this.tree.latestCheckpoint();
    const unsigned = head.size - (last?.size ?? 0);
    if (unsigned <= 0) return undefined;
    const since = last?.createdAt.getTime() ?? this.startedAt;
    const due = unsigned >= this.config.log.checkpointEvery || now - since >= this.config.log.checkpointIntervalMs;
    return due ? this.signNow() : undefined;
  }

  /** Signs the current tree head (if it grew) and writes the checkpoint file. */
  async signNow(logId = MAIN_LOG): Promise<StoredCheckpoint | undefined> {
    const signers = await this.signer.keys(); // current first; more than one while a rotation overlaps
    const created = await this.dataSource.transaction(async (m) => {
      const [{ locked }] = await m.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`acs-checkpoint:${logId}`]);
      if (!locked) return undefined;
      const head = await this.tree.head(logId, m);
      const last = await this.tree.latestCheckpoint(logId, m);
      if (!head.root || head.size <= (last?.size ?? 0)) return undefined;
      const note = signCheckpoint({ origin: this.config.log.origin, size: head.size, rootHash: head.root }, signers);
      const checkpoint = {
        size: head.size, root: head.root, note, keyId: signers[0]!.keyId.toString(16).padStart(8, '0'), verifierKeys: signers.map((s) => s.verifier.verifierKey), createdAt: new Date(),
      };
      await this.tree.insertCheckpoint(m, checkpoint, logId);
      return checkpoint;
    });
    if (created) await this.writeFile(logId, created);
    return created;
  }

  /** `<dir>/<log>/<size, 16 digits>.checkpoint`, written atomically and fsync'd. */
  private async writeFile(logId: string, c: StoredCheckpoint): Promise<void> {
    const dir = join(this.config.log.checkpointDir, logId);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${String(c.size).padStart(16, '0')}.checkpoint`);
    const handle = await open(`${file}.tmp`, 'w', 0o644);
    try {
      await handle.writeFile(c.note);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(`${file}.tmp`, file);
  }
}
