// The daemon: one long-lived process per project folder that answers runs from there and below. It keeps
// what a one-shot run rebuilds every time: the loaded code (the compiler among it), the files found (kept
// current by watching the folders, src/engine/watched-discovery.ts) and the summaries read from the cache.
// A run it answers is the same run (cli.ts `main`, same flags, same output, same exit code), with the
// working directory and environment of the command that asked; runs are answered one at a time.
import fs from 'node:fs';
import net from 'node:net';
import { daemonAddress, prepareFolder, type DaemonAddress } from './address.js';
import { exchange, type DaemonStatus, type Reply, type Request, type RunRequest } from './client.js';
import { encodeReply } from './frames.js';
import { main } from '../cli.js';
import { useDiscovery } from '../engine/run.js';
import { WatchedDiscovery } from '../engine/watched-discovery.js';
import { onFilesWritten } from '../engine/written.js';
import { PACKAGE_ROOT, TOOL_VERSION, codeStamp, codeStampNow } from '../engine/package.js';
import { deferCacheWrites, flushCacheWrites, keepCachesInMemory } from '../engine/cache.js';
import { keepProbes } from '../analysis/probe.js';
import { UsageError } from '../errors.js';
import { writeAtomic } from '../engine/write-file.js';

export interface ServeOptions {
  root: string;
  /** Stop after this long without a run. */
  idleMinutes: number;
}

export async function serve(o: ServeOptions): Promise<void> {
  const address = daemonAddress(o.root);
  prepareFolder();
  const discovery = new WatchedDiscovery();
  useDiscovery((d) => discovery.discover(d));
  onFilesWritten((files) => discovery.written(files));
  keepCachesInMemory();
  // Answer first, write the caches after (before the next run reads them).
  deferCacheWrites();
  keepProbes((dir) => discovery.watches(dir));
  const stamp = codeStamp();
  const startedAt = new Date();
  let runs = 0;
  let lastRunMs: number | undefined;
  let queue: Promise<void> = Promise.resolve();
  let idle: NodeJS.Timeout | undefined;
  let stopping = false;

  const stop = () => {
    if (stopping) return;
    stopping = true;
    removeFiles(address);
    flushCacheWrites();
    discovery.close();
    server.close();
    // Let the last replies leave before the process ends.
    setTimeout(() => process.exit(0), 50).unref();
  };
  const armIdle = () => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(stop, o.idleMinutes * 60_000);
    idle.unref();
  };
  const status = (): DaemonStatus => {
    const w = discovery.status();
    return {
      pid: process.pid,
      root: address.root,
      version: TOOL_VERSION,
      packageRoot: PACKAGE_ROOT,
      startedAt: startedAt.toISOString(),
      runs,
      ...(lastRunMs !== undefined ? { lastRunMs } : {}),
      idleMinutes: o.idleMinutes,
      rssMB: Math.round(process.memoryUsage().rss / 1048576),
      folders: w.folders,
      watching: w.unavailable ?? 'on',
      walks: w.walks,
      reused: w.reused,
    };
  };

  const answer = async (req: RunRequest, send: (r: Reply) => void) => {
    if (req.packageRoot !== PACKAGE_ROOT) return send({ fallback: `this daemon runs the check-doctrines of ${PACKAGE_ROOT}` });
    if (codeStampNow() !== stamp) {
      send({ fallback: "the daemon's code changed on disk since it started; it stops" });
      return stop();
    }
    // Change events already queued (an editor's save just before this run) are taken in before the run.
    await new Promise((r) => setImmediate(r));
    const started = performance.now();
    const out: string[] = [];
    const code = await main(['node', 'check-doctrines', ...req.argv], {
      // The report is sent whole at the end: a run that fails half-way prints no half report.
      stdout: (s) => void out.push(s),
      stderr: (s) => send({ err: s }),
      env: req.env,
      cwd: req.cwd,
      stdoutIsTTY: req.stdoutIsTTY,
      stderrIsTTY: req.stderrIsTTY,
      readStdin: () => Promise.reject(new UsageError('--stdin is not served by the daemon')),
    });
    runs++;
    lastRunMs = Math.round(performance.now() - started);
    if (out.length) send({ out: out.join('') });
    send({ exit: code });
  };

  const server = net.createServer((conn) => {
    conn.setEncoding('utf8');
    let pending = '';
    conn.on('error', () => {});
    conn.on('data', (chunk: string) => {
      pending += chunk;
      const nl = pending.indexOf('\n');
      if (nl < 0) return;
      let req: Request;
      try {
        req = JSON.parse(pending.slice(0, nl)) as Request;
      } catch {
        conn.destroy();
        return;
      }
      pending = '';
      const send = (r: Reply) => {
        if (!conn.destroyed) conn.write(encodeReply(r));
      };
      if (req.type === 'status') {
        send({ status: status() });
        conn.end();
        return;
      }
      if (req.type === 'stop') {
        send({ status: status() });
        conn.end();
        stop();
        return;
      }
      armIdle();
      queue = queue.then(async () => {
        if (stopping) return send({ fallback: 'the daemon is stopping' });
        try {
          await answer(req as RunRequest, send);
        } catch (err) {
          send({ err: `check-doctrines: internal error in the daemon: ${(err as Error)?.message ?? String(err)}\n` });
          send({ exit: 2 });
        } finally {
          // The reply is out (or the command gone) before the caches are written.
          await new Promise<void>((resolve) => {
            // A command gone (Ctrl-C) has a destroyed socket: nothing to wait for. A command that stopped reading
            // (its output piped to a pager) is waited for a second at most: the rest of its reply still goes
            // out meanwhile, and the runs queued behind it are not held up.
            if (conn.destroyed) return resolve();
            conn.once('close', resolve);
            conn.end(resolve);
            setTimeout(resolve, 1000).unref();
          });
          flushCacheWrites();
          armIdle();
        }
      });
    });
  });

  // Two starts at once: the later one finds the earlier listening and leaves it be.
  let live = false;
  await exchange(address, { type: 'status' }, (r) => (live ||= 'status' in r));
  if (live) throw new UsageError(`a daemon already serves ${address.root}`);
  if (process.platform !== 'win32') fs.rmSync(address.socket, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.socket, () => resolve());
  });
  if (process.platform !== 'win32') fs.chmodSync(address.socket, 0o600);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  // Warm up before saying so: the first run walks and analyses (or reads the caches), the second walks once
  // more with every folder watched, after which the walk's result is trusted and kept current.
  const started = performance.now();
  const discard = { stdout: () => {}, stderr: () => {} };
  for (let i = 0; i < 2; i++) {
    await main(['node', 'check-doctrines', '--format', 'json'], { ...discard, cwd: address.root, env: process.env, stdoutIsTTY: false, stderrIsTTY: false });
    flushCacheWrites();
  }
  // The analysis and the compiler are loaded now rather than by the first run after an edit.
  await import('../engine/analyze.js');
  const { ts } = await import('#ts');
  ts.createSourceFile('warm-up.ts', 'export const a = (b: number) => b + 1;', ts.ScriptTarget.Latest, true);
  const w = discovery.status();
  process.on('exit', () => removeFiles(address));
  writeAtomic(address.info, JSON.stringify({ pid: process.pid, root: address.root, socket: address.socket, version: TOOL_VERSION, warmupMs: Math.round(performance.now() - started), folders: w.folders, watching: w.unavailable ?? 'on' }));
  armIdle();
}

function removeFiles(address: DaemonAddress): void {
  for (const f of [address.info, address.socket]) {
    if (process.platform === 'win32' && f === address.socket) continue;
    try {
      fs.rmSync(f, { force: true });
    } catch {
      // Already gone.
    }
  }
}
