// The run's side of the daemon: when a daemon serves the working directory, send it the command line and
// print what it answers, instead of loading the analysis here. Any doubt (no daemon, a stale socket, a
// daemon of another installation or of older code, a daemon gone mid-run before printing) and the run
// happens in this process as usual, so using the daemon never changes a result, only how long it takes.
import net from 'node:net';
import fs from 'node:fs';
import { findDaemon, type DaemonAddress } from './address.js';
import { FrameReader, type ReadReply } from './frames.js';
import { isCI } from '../progress.js';
import { PACKAGE_ROOT } from '../engine/package.js';


export interface RunRequest {
  type: 'run';
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  packageRoot: string;
}

export type Request = RunRequest | { type: 'status' } | { type: 'stop' };

/** What the daemon sends back, in frames (frames.ts). */
export type Reply = { out: string } | { err: string } | { exit: number } | { fallback: string } | { status: DaemonStatus };

export interface DaemonStatus {
  pid: number;
  root: string;
  version: string;
  packageRoot: string;
  startedAt: string;
  runs: number;
  lastRunMs?: number;
  idleMinutes: number;
  rssMB: number;
  folders: number;
  watching: string;
  walks: number;
  reused: number;
}

/** Commands and flags the daemon does not serve: they need this process (its stdin, its lifetime) or bypass it on purpose. */
function servable(args: string[]): boolean {
  if (process.env.CHECK_DOCTRINES_DAEMON === '0') return false;
  return !args.some((a) => a === 'lsp' || a === 'daemon' || a === '--stdin' || a === '--no-daemon' || a === 'init');
}

/**
 * Run `argv` (process.argv) through the daemon serving the working directory. Returns the exit code, or
 * undefined when the run should happen in this process.
 */
export async function viaDaemon(argv: string[]): Promise<number | undefined> {
  const args = argv.slice(2);
  if (!servable(args)) return undefined;
  let address = findDaemon(process.cwd());
  if (!address && args.includes('--daemon') && !isCI(process.env)) address = await startOne();
  if (!address) return undefined;
  const request: RunRequest = {
    type: 'run',
    argv: args,
    cwd: process.cwd(),
    env: { ...process.env },
    stdoutIsTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
    // The installation this code belongs to: a daemon started from another one does not answer for it.
    packageRoot: PACKAGE_ROOT,
  };
  let printed = false;
  let code: number | undefined;
  const outcome = await exchange(address, request, (reply) => {
    if ('err' in reply) {
      printed = true;
      process.stderr.write(reply.err);
    } else if ('out' in reply) {
      printed = true;
      process.stdout.write(reply.out);
    } else if ('exit' in reply) code = reply.exit;
  });
  if (code !== undefined) return code;
  if (outcome === 'refused') forgetStale(address);
  if (outcome === 'closed' && printed) {
    process.stderr.write('check-doctrines: the daemon stopped during the run (see `check-doctrines daemon status`)\n');
    return 2;
  }
  if (outcome === 'closed') process.stderr.write('check-doctrines: the daemon stopped during the run; analysing in this process\n');
  return undefined;
}

/**
 * `--daemon` and none serves the folder: start one here (as `check-doctrines daemon start` does) and wait until
 * it is ready, so this run and the next ones go through it. A daemon that does not start leaves the run to
 * this process, after one line saying why.
 */
async function startOne(): Promise<DaemonAddress | undefined> {
  const { daemonCommand } = await import('./command.js');
  let said = '';
  const code = await daemonCommand('start', { cwd: process.cwd(), idleMinutes: 180, stdout: (s) => (said += s), stderr: (s) => process.stderr.write(s) });
  if (code !== 0) return undefined;
  process.stderr.write(`${said.trim().replace(/^check-doctrines daemon: ready/, 'check-doctrines: started a daemon')} (check-doctrines daemon stop ends it; it stops after 180 minutes without a run)\n`);
  return findDaemon(process.cwd());
}

/** Send one request and pass each reply frame to `onReply` until the daemon closes the connection. */
export function exchange(address: DaemonAddress, request: Request, onReply: (r: ReadReply) => void): Promise<'done' | 'refused' | 'closed'> {
  return new Promise((resolve) => {
    let settled = false;
    let ended = false;
    const socket = net.createConnection(address.socket);
    const finish = (how: 'done' | 'refused' | 'closed') => {
      if (!settled) {
        settled = true;
        resolve(how);
      }
    };
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    const reader = new FrameReader();
    socket.on('data', (chunk: Buffer) => {
      for (const reply of reader.push(chunk)) {
        if ('exit' in reply || 'fallback' in reply || 'status' in reply) ended = true;
        onReply(reply);
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      finish(err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? 'refused' : ended ? 'done' : 'closed');
    });
    socket.on('close', () => finish(ended ? 'done' : 'closed'));
  });
}

/**
 * A daemon that died without cleaning up (killed, or the machine restarted with /tmp kept): nothing listens
 * on its socket, which a live daemon always does from before it writes its info file until after it
 * removes it. Its files go, so the next run does not try again.
 */
function forgetStale(address: DaemonAddress): void {
  for (const f of [address.info, address.socket]) {
    try {
      if (process.platform !== 'win32' || f !== address.socket) fs.rmSync(f, { force: true });
    } catch {
      // Someone else's problem now.
    }
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
