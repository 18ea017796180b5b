import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface ChildSpec {
  name: string;
  script: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Also copy the child's output to this process's stdout. */
  echo: boolean;
}

/**
 * A supervised child process: its own process group (so Ctrl-C reaches only the orchestrator, which stops
 * children in order), an IPC channel (a child exits when the orchestrator disappears), output to a log file.
 */
export class SupervisedChild {
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  private stopping = false;
  readonly exited: Promise<number | null>;

  constructor(readonly spec: ChildSpec, onUnexpectedExit: (name: string, code: number | null) => void) {
    this.log = createWriteStream(spec.logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [spec.script, ...(spec.args ?? [])], {
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        this.log.write(chunk);
        if (spec.echo) process.stdout.write(chunk);
      });
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => {
        this.log.end();
        if (!this.stopping) onUnexpectedExit(spec.name, code);
        resolve(code);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves with the first IPC message matching the predicate, or rejects when the child exits first. */
  waitForMessage<T>(predicate: (m: unknown) => m is T, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.spec.name} did not report ready within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (m: unknown) => {
        if (!predicate(m)) return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve(m);
      };
      this.child.on('message', onMessage);
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.spec.name} exited (code ${code}) before it was ready; see ${this.spec.logFile}`));
      });
    });
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
