// `check-doctrines daemon start|stop|status` (and `run`, the daemon itself, which `start` launches).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PrivacyError, daemonAddress, findDaemon, prepareFolder, type DaemonAddress } from './address.js';
import { alive, exchange, type DaemonStatus } from './client.js';
import { PACKAGE_ROOT } from '../engine/package.js';
import { UsageError } from '../errors.js';

export interface DaemonCommandOptions {
  cwd: string;
  idleMinutes: number;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** How long `start` waits for the daemon's first analysis (a cold run of a large project takes a while). */
const START_TIMEOUT_MS = 10 * 60_000;

export async function daemonCommand(action: string, o: DaemonCommandOptions): Promise<number> {
  switch (action) {
    case 'start':
      return start(o);
    case 'stop':
      return stop(o);
    case 'status':
      return status(o);
    case 'run': {
      private_();
      const { serve } = await import('./server.js');
      await serve({ root: o.cwd, idleMinutes: o.idleMinutes });
      // Serves until stopped: the process's exit is the server's.
      return new Promise<number>(() => {});
    }
    default:
      throw new UsageError(`unknown daemon action "${action}" (known: start, stop, status)`);
  }
}

async function ask(address: DaemonAddress, type: 'status' | 'stop'): Promise<DaemonStatus | undefined> {
  let got: DaemonStatus | undefined;
  await exchange(address, { type }, (r) => {
    if ('status' in r) got = r.status;
  });
  return got;
}

function describe(s: DaemonStatus): string {
  const watching = s.watching === 'on' ? `watching ${s.folders} folders` : `not watching (${s.watching}): every run walks the folders`;
  return [
    `check-doctrines daemon: running (pid ${s.pid}) for ${s.root}`,
    `  ${watching}; ${s.runs} run${s.runs === 1 ? '' : 's'} answered${s.lastRunMs !== undefined ? `, the last in ${s.lastRunMs} ms` : ''}; ${s.walks} walk${s.walks === 1 ? '' : 's'}, ${s.reused} answered from the watched record`,
    `  ${s.rssMB} MB resident; stops after ${s.idleMinutes} minutes without a run; started ${s.startedAt}`,
  ].join('\n');
}

async function status(o: DaemonCommandOptions): Promise<number> {
  const address = findDaemon(o.cwd);
  const s = address && (await ask(address, 'status'));
  if (!s) {
    o.stdout(`check-doctrines daemon: none serves ${o.cwd}\n`);
    return 1;
  }
  o.stdout(`${describe(s)}\n`);
  return 0;
}

/**
 * The pid in a daemon's info file when that process is alive but does not answer (a daemon of another
 * version of the tool, whose replies this one cannot read): stopped with a signal instead.
 */
async function terminateSilent(address: DaemonAddress): Promise<number | undefined> {
  let pid: number;
  try {
    pid = (JSON.parse(fs.readFileSync(address.info, 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !isDaemonProcess(pid)) return undefined;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return undefined;
  }
  for (let i = 0; i < 100 && alive(pid) && fs.existsSync(address.info); i++) await sleep(50);
  return pid;
}

/** Whether `pid` runs `check-doctrines daemon run` (a pid left in a stale info file may be another program's now). Linux only. */
function isDaemonProcess(pid: number): boolean {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.some((a) => a.endsWith(path.join('bin', 'check-doctrines.js'))) && argv.includes('daemon') && argv.includes('run');
  } catch {
    return false;
  }
}

async function stop(o: DaemonCommandOptions): Promise<number> {
  const address = findDaemon(o.cwd);
  const s = address && (await ask(address, 'stop'));
  if (!address || !s) {
    const pid = address && (await terminateSilent(address));
    o.stdout(pid ? `check-doctrines daemon: stopped (pid ${pid}, which did not answer)\n` : `check-doctrines daemon: none serves ${o.cwd}\n`);
    return 0;
  }
  for (let i = 0; i < 100 && alive(s.pid); i++) await sleep(50);
  o.stdout(`check-doctrines daemon: stopped (pid ${s.pid}, ${s.runs} run${s.runs === 1 ? '' : 's'} answered)\n`);
  return 0;
}

async function start(o: DaemonCommandOptions): Promise<number> {
  const running = findDaemon(o.cwd);
  const s = running && (await ask(running, 'status'));
  if (s) {
    o.stdout(`check-doctrines daemon: already running (pid ${s.pid}) for ${s.root}\n`);
    return 0;
  }
  // One that is alive but does not answer (another version's) would keep its watchers for nothing.
  if (running) await terminateSilent(running);
  const address = daemonAddress(o.cwd);
  private_();
  const log = fs.openSync(address.log, 'w');
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, 'bin', 'check-doctrines.js'), 'daemon', 'run', '--idle', String(o.idleMinutes)], {
    cwd: o.cwd,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, CHECK_DOCTRINES_DAEMON: '0' },
  });
  fs.closeSync(log);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.unref();
  while (Date.now() - started < START_TIMEOUT_MS) {
    if (exited !== undefined) break;
    if (fs.existsSync(address.info)) {
      const ready = await ask(address, 'status');
      if (ready) {
        const info = JSON.parse(fs.readFileSync(address.info, 'utf8')) as { warmupMs: number };
        o.stdout(`check-doctrines daemon: ready (pid ${ready.pid}) for ${ready.root} after ${(info.warmupMs / 1000).toFixed(1)} s; ${ready.watching === 'on' ? `watching ${ready.folders} folders` : `not watching: ${ready.watching}`}\n`);
        return 0;
      }
    }
    await sleep(50);
  }
  const why = fs.existsSync(address.log) ? fs.readFileSync(address.log, 'utf8').trim().split('\n').slice(-1)[0] : '';
  if (exited === undefined) process.kill(child.pid!, 'SIGTERM');
  o.stderr(`check-doctrines: the daemon did not start${exited !== undefined ? ` (exit ${exited})` : ' in time'}${why ? `: ${why}` : ''} (log: ${address.log})\n`);
  return 2;
}

/** The daemon's folder, private to this user, or a usage error. */
function private_(): void {
  try {
    prepareFolder();
  } catch (err) {
    if (err instanceof PrivacyError) throw new UsageError(err.message);
    throw err;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
