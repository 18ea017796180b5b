import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { AccessDecisionsModule } from '../../../apps/api/src/modules/access-decisions/access-decisions.module.js';
import { AccessDecisionsService } from '../../../apps/api/src/modules/access-decisions/access-decisions.service.js';
import { AccessLogModule } from '../../../apps/api/src/modules/access-log/access-log.module.js';
import { AccessLogRepository } from '../../../apps/api/src/modules/access-log/access-log.repository.js';
import { LogKind } from '../../../apps/api/src/modules/access-log/access-log.types.js';
import { Checkpointer } from '../../../apps/api/src/modules/access-log/checkpointer.service.js';
import { LogSigner } from '../../../apps/api/src/modules/access-log/log-signer.js';
import { LedgerAnnotationsService } from '../../../apps/api/src/modules/ledger/ledger-annotations.service.js';
import { LedgerModule } from '../../../apps/api/src/modules/ledger/ledger.module.js';
import { adminActor, apiTestModule, type ApiTestModule } from '../../support/api-module.js';
import { decisionRequest } from '../../support/decision-request.js';

/** The compiled CLI, run as a user runs it, so exit codes are real (`npm test` builds first). */
export const CLI = resolve('dist/apps/cli/src/main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** `ledger verify --json`, parsed. */
export async function verifyJson(dir: string, ...args: string[]): Promise<CliRun & { report: VerifyJson }> {
  const run = await runCli(['ledger', 'verify', dir, '--json', ...args]);
  let report: VerifyJson;
  try {
    report = JSON.parse(run.stdout) as VerifyJson;
  } catch {
    throw new Error(`verify printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return { ...run, report };
}

export interface VerifyJson {
  ok: boolean;
  keys: { source: 'given' | 'export' };
  records: {
    processed: number; complete: boolean; mode: string; workers: number; fallback?: string; checkpointsTotal: number; checkpointsVerified: number;
    unsignedTail: number; problems: Array<{ problem: string; firstBadIndex?: number; verdict?: string; code?: string; suspectRange?: { from: number; to: number }; checkpointSize?: number }>;
  };
  files: Array<{ path: string; problem: string }>;
  ledger?: { sheetStays: number; rebuiltStays: number; mismatches: Array<{ idx?: number; line?: number; message: string }>; firstBadIndex?: number };
  firstBadIndex?: number;
  suspectRange?: { from: number; to: number };
  warnings: string[];
}

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

/** A demo-seeded database with the real decision, ledger and log services; checkpoints only when asked. */
export async function ledgerApi(): Promise<LedgerApi> {
  const t = await apiTestModule([AccessDecisionsModule, LedgerModule, AccessLogModule], { ACS_CHECKPOINT_EVERY: '1000000', ACS_CHECKPOINT_INTERVAL_S: '3600' });
  return new LedgerApi(t);
}

export class LedgerApi {
  readonly actor = adminActor();

  constructor(readonly t: ApiTestModule) {}

  get ds(): DataSource {
    return this.t.ds;
  }

  /** What `ledger export` needs to find the database and the api's signing key. */
  get env(): Record<string, string> {
    return { DATABASE_URL: this.t.db.url, ACS_DATA_DIR: this.t.config.dataDir };
  }

  verifierKey(): Promise<string> {
    return this.t.moduleRef.get(LogSigner).verifierKey();
  }

  async attempt(personNo: string, direction: 'entry' | 'exit' = 'entry'): Promise<string> {
    const reply = await this.t.moduleRef.get(AccessDecisionsService).decide(decisionRequest(this.t.config.mqtt.baseTopic, personNo, this.t.ids[personNo]!, { direction }));
    if (reply.outcome !== 'grant') throw new Error(`${personNo} ${direction} denied: ${reply.reason}`);
    return reply.attemptId;
  }

  async openStay(personNo: string): Promise<string> {
    const [row] = await this.ds.query('SELECT id FROM ledger_stays WHERE person_id = $1 AND exited_at IS NULL', [this.t.ids[personNo]]);
    return row.id;
  }

  doorEvents(count: number): Promise<unknown> {
    const at = Date.now();
    return this.t.moduleRef.get(AccessLogRepository).appendInTransaction(Array.from({ length: count }, (_, i) => ({
      id: uuidv7(), kind: LogKind.Door, type: i % 2 ? 'door.closed' : 'door.opened', occurredAt: new Date(at + i), source: 'bridge-1', sourceSeq: i,
      doorId: 'door-a1', areaId: 'area-a', body: { contact: i % 2 ? 'closed' : 'open', note: 'サーバ室A' },
    })));
  }

  /** A bridge's door-forced-open event (an alarm); returns its record id. */
  async forcedOpen(): Promise<string> {
    const id = uuidv7();
    await this.t.moduleRef.get(AccessLogRepository).appendInTransaction([
      { id, kind: LogKind.Door, type: 'door.forced-open', occurredAt: new Date(), source: 'bridge-1', doorId: 'door-a1', areaId: 'area-a', body: {} },
    ]);
    return id;
  }

  sign(): Promise<unknown> {
    return this.t.moduleRef.get(Checkpointer).signNow();
  }

  /**
   * A day at the door: staff in and out, a contractor escorted, a purpose, a correction, an anti-passback
   * forgive, door events and a sign-off, with checkpoints in between and a few records left unsigned.
   */
  async day(): Promise<void> {
    const ledger = this.t.moduleRef.get(LedgerAnnotationsService);
    await this.attempt('S0001');
    await this.attempt('C0001'); // escorted by S0001, who is inside
    await ledger.setPurpose(this.actor, await this.openStay('C0001'), 'UPS点検 / UPS inspection');
    await this.doorEvents(40);
    await this.sign();
    await this.attempt('S0002');
    await ledger.forgive(this.actor, await this.openStay('S0002'), '共連れで退出 / left with someone else');
    await this.attempt('S0002');
    await ledger.correct(this.actor, await this.openStay('S0002'), '入室目的を追記 / purpose added later');
    await ledger.setPurpose(this.actor, await this.openStay('S0002'), 'ラック増設 / rack install');
    await this.attempt('C0001', 'exit');
    await this.doorEvents(60);
    await this.attempt('S0001', 'exit');
    await this.sign();
    await this.attempt('S0002', 'exit');
    await this.attempt('S0003');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: this.t.config.timeZone }).format(new Date());
    await ledger.signOff(this.actor, 'area-a', today, '異常なし / nothing unusual');
    await this.doorEvents(30);
    await this.sign();
    await this.doorEvents(3); // not yet signed
  }

  /** A superuser's change that the triggers would refuse: as the table owner, triggers paused for one statement. */
  async asOwner(sql: string, params: unknown[] = []): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query('ALTER TABLE access_log DISABLE TRIGGER access_log_no_update_delete');
      await m.query(sql, params);
      await m.query('ALTER TABLE access_log ENABLE TRIGGER access_log_no_update_delete');
    });
  }

  close(): Promise<void> {
    return this.t.close();
  }
}
