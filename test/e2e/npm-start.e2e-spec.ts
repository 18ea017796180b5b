import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../apps/cli/src/infra/port-check.js';
import { eventually, getJson } from '../support/http.js';

const CLI = resolve('dist/apps/cli/src/main.js');

jest.setTimeout(180_000);

/** `npm start` as a newcomer runs it: no DATABASE_URL, no MQTT_URL — embedded PostgreSQL and Aedes. */
function startOrchestrator(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => output, exited };
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolvePromise({ code, output }));
  });
}

describe('npm start (the orchestrator) with embedded PostgreSQL and MQTT', () => {
  let env: Record<string, string>;
  let apiUrl: string;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'acs-start-'));
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    env = {
      ACS_DATA_DIR: dataDir,
      PORT: String(port),
      ACS_EMBEDDED_PG_PORT: String(await freePort()),
      ACS_EMBEDDED_MQTT_PORT: String(await freePort()),
    };
  });

  it('comes up healthy, walks S0001 through the door, and stops everything on Ctrl-C', async () => {
    const run = startOrchestrator(env);
    try {
      await eventually(async () => (run.output().includes('Press Ctrl-C to stop.') ? true : undefined), 150_000);
    } catch {
      throw new Error(`orchestrator did not come up:\n${run.output()}`);
    }
    expect(run.output()).toMatch(/admin \/ \S+ +\(generated now/);
    const { status, body } = await getJson<{ status: string; database: { status: string }; broker: { status: string }; bridges: Array<{ state: string }> }>(apiUrl, '/api/v1/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: { status: 'up' }, broker: { status: 'up' }, bridges: [{ state: 'online' }] });
    expect(existsSync(join(env.ACS_DATA_DIR, 'runtime.json'))).toBe(true);

    const sim = await runCli(['sim', 'enter', 'S0001'], env);
    expect(sim.output).toMatch(/GRANTED/);
    expect(sim.code).toBe(0);
    // Out with S0001's demo IC card: the card key and the cache signature are wired by the orchestrator.
    const byCard = await runCli(['sim', 'exit', 'S0001', '--card', 'cafe0001'], env);
    expect(byCard.output).toMatch(/GRANTED/);
    expect(readFileSync(join(env.ACS_DATA_DIR, 'logs', 'bridge.log'), 'utf8')).toContain('credential caches must be signed by the api');
    const denied = await runCli(['sim', 'enter', 'S0002', '--pin', '0000'], env);
    expect(denied.output).toMatch(/DENIED.*PIN_INVALID/);
    expect(denied.code).toBe(1);

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/stopped\./);
    expect(existsSync(join(env.ACS_DATA_DIR, 'runtime.json'))).toBe(false);
    await expect(fetch(`${apiUrl}/api/v1/health`)).rejects.toThrow();
    expect(readFileSync(join(env.ACS_DATA_DIR, 'admin-password.txt'), 'utf8').trim().length).toBeGreaterThanOrEqual(12);
  });

  it('keeps its data across restarts', async () => {
    const run = startOrchestrator(env);
    try {
      await eventually(async () => (run.output().includes('Press Ctrl-C to stop.') ? true : undefined), 150_000);
      expect(run.output()).toMatch(/admin \/ password in/);
      const password = readFileSync(join(env.ACS_DATA_DIR, 'admin-password.txt'), 'utf8').trim();
      const res = await fetch(`${apiUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      const { accessToken } = (await res.json()) as { accessToken: string };
      const ledger = await getJson<{ total: number }>(apiUrl, '/api/v1/ledger?personNo=S0001', accessToken);
      expect(ledger.body.total).toBe(1);
    } finally {
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }
  });

  it('says which port is taken and which variable to change', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const run = startOrchestrator({ ...env, PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`Port ${port} for the api is already in use`);
      expect(run.output()).toContain('set PORT to a free port');
    } finally {
      blocker.close();
    }
  });
});
