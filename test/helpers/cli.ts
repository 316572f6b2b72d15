// Running the built CLI in end-to-end tests (npm test builds first).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';

export const BIN = path.resolve(__dirname, '..', '..', 'bin', 'check-doctrines.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawn the CLI as CI would (CI=true), without the caller's colour variables; `env` is applied last. */
export function runCli(cwd: string, args: string[], env: Record<string, string> = {}, input?: string): CliRun {
  const base: Record<string, string | undefined> = { ...process.env, CI: 'true' };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env }, ...(input !== undefined ? { input } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2 with one line on stderr naming the problem, nothing on stdout, no stack trace. */
export function expectOneLineError(r: CliRun, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^check-doctrines: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}
