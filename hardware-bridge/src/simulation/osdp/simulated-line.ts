import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage, type Logger } from '../../logging/logger.js';
import { LoopbackTransport } from '../../transport/loopback.transport.js';
import { SerialTransport } from '../../transport/serial.transport.js';
import type { Transport } from '../../transport/transport.js';

/** A serial line with two ends: the bridge's bus on one, the simulated peripherals on the other. */
export interface SimulatedLine {
  readonly kind: 'socat' | 'loopback';
  /** For logs: the pty paths, or "in-memory". */
  readonly description: string;
  readonly bridgeSide: Transport;
  readonly deviceSide: Transport;
  close(): Promise<void>;
}

export interface SimulatedLineOptions {
  /** Where the pty links go (under BRIDGE_DATA_DIR). */
  dir: string;
  baudRate: number;
  logger: Logger;
  /** Default `socat` from PATH; `false` = in-memory line without trying (tests pass a missing program to check the fallback). */
  socat?: string | false;
  startTimeoutMs?: number;
}

/**
 * A real pty pair from `socat -d -d pty,raw,echo=0,link=DIR/ttyA pty,raw,echo=0,link=DIR/ttyB`, both ends
 * opened with the real serialport package — or, where socat is missing or fails, an in-memory line. The
 * same bytes go over either.
 */
export async function openSimulatedLine(options: SimulatedLineOptions): Promise<SimulatedLine> {
  const { socat = 'socat' } = options;
  if (socat !== false) {
    try {
      return await openPtyPair({ ...options, socat });
    } catch (error) {
      options.logger.warn({ err: errorMessage(error) }, 'socat pty pair unavailable: simulated devices on an in-memory line');
    }
  }
  const [bridgeSide, deviceSide] = LoopbackTransport.pair('in-memory');
  return { kind: 'loopback', description: 'in-memory', bridgeSide, deviceSide, close: async () => undefined };
}

async function openPtyPair({ dir, baudRate, socat, startTimeoutMs = 5_000 }: SimulatedLineOptions & { socat: string }): Promise<SimulatedLine> {
  mkdirSync(dir, { recursive: true });
  const a = join(dir, 'ttyA');
  const b = join(dir, 'ttyB');
  const pidFile = join(dir, 'socat.pid');
  const args = ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`];
  stopStaleSocat(pidFile, args[2]!);
  rmSync(a, { force: true });
  rmSync(b, { force: true });
  // Its own process group: a Ctrl-C in the terminal reaches the bridge, which relocks and then stops socat.
  const child = spawn(socat, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const killOnExit = (): void => void child.kill('SIGTERM');
  process.once('exit', killOnExit);
  try {
    await waitForTransferLoop(child, startTimeoutMs);
  } catch (error) {
    process.removeListener('exit', killOnExit);
    throw error;
  }
  if (child.pid !== undefined) writeFileSync(pidFile, String(child.pid));
  const bridgeSide = new SerialTransport({ path: a, baudRate });
  const deviceSide = new SerialTransport({ path: b, baudRate });
  return {
    kind: 'socat',
    description: `${a} <-> ${b}`,
    bridgeSide,
    deviceSide,
    close: async () => {
      await Promise.all([bridgeSide.close(), deviceSide.close()]).catch(() => undefined);
      await stopChild(child);
      process.removeListener('exit', killOnExit);
      for (const path of [a, b, pidFile]) rmSync(path, { force: true });
    },
  };
}

function waitForTransferLoop(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`socat did not start within ${timeoutMs} ms`)), timeoutMs);
    child.once('error', (error) => fail(error));
    child.once('exit', (code) => fail(new Error(`socat exited with ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`)));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('starting data transfer loop')) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        child.on('error', () => undefined);
        child.stderr?.removeAllListeners('data');
        child.stderr?.resume(); // keep draining socat's log so it never blocks
        resolve();
      }
    });
  });
}

/**
 * A bridge killed hard (SIGKILL) leaves its socat running. The next start in the same data directory stops
 * it — only if that pid still runs socat on this very link.
 */
function stopStaleSocat(pidFile: string, linkArg: string): void {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (Number.isInteger(pid) && pid > 1 && cmdline[0]?.endsWith('socat') && cmdline.includes(linkArg)) process.kill(pid, 'SIGTERM');
  } catch {
    // No pid file, no such process, or not ours: nothing to stop.
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 1_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
