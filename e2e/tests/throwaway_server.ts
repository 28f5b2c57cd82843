// A reference server of a test's own, on its own database, for the tests
// that stop and start it under an open page.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { expect, type APIRequestContext } from '@playwright/test';

export class ThrowawayServer {
  readonly base: string;
  private process: ChildProcess | null = null;

  /** A server on 127.0.0.1:`port` with its database in target/`dir`, emptied now. */
  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {
    this.base = `http://127.0.0.1:${port}`;
    rmSync(`target/${dir}`, { recursive: true, force: true });
    mkdirSync(`target/${dir}`, { recursive: true });
  }

  /** Starts it (seeding the database the first time) and waits until it answers. */
  async start(request: APIRequestContext) {
    this.process = spawn(
      'target/debug/customer-summary-server',
      ['--bind', `127.0.0.1:${this.port}`, '--database', `target/${this.dir}/e2e.db`, '--app-dir', 'dist'],
      { stdio: 'ignore' },
    );
    await expect
      .poll(async () => (await request.get(`${this.base}/api/v1/conversations`).catch(() => null))?.status(), {
        timeout: 20_000,
      })
      .toBe(200);
  }

  /** Stops it with SIGTERM and waits until it has exited. */
  async stop() {
    const server = this.process;
    if (!server) return;
    server.kill('SIGTERM');
    await expect.poll(() => server.exitCode !== null || server.signalCode !== null).toBe(true);
    this.process = null;
  }
}
