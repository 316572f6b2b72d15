// `check-doctrines daemon`: runs answered by a resident process give what a run in the process gives (same
// report, same exit code), follow edits across files, and fall back to a run in the process whenever the
// daemon cannot answer.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { BIN } from './helpers/cli.js';
import { EMITTING, ROUTES, SILENT } from './helpers/orders-service.js';

describe('check-doctrines daemon', () => {
  let dir: string;
  /** The daemon's folder lives under this TMPDIR: no daemon of the machine's user is touched. */
  let tmp: string;
  const run = (args: string[], extraEnv: Record<string, string> = {}, cwd = dir) => {
    const env: Record<string, string | undefined> = { ...process.env, CI: 'true', TMPDIR: tmp, ...extraEnv };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    delete env.CHECK_DOCTRINES_DAEMON;
    if (extraEnv.CHECK_DOCTRINES_DAEMON) env.CHECK_DOCTRINES_DAEMON = extraEnv.CHECK_DOCTRINES_DAEMON;
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  /** The report without its timing. */
  const report = (stdout: string) => {
    const r = JSON.parse(stdout) as { summary: { durationMs?: number } };
    delete r.summary.durationMs;
    return r;
  };
  const status = () => run(['daemon', 'status']);
  const runsAnswered = () => Number(/(\d+) runs? answered/.exec(status().stdout)?.[1] ?? -1);

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-'));
    dir = fs.realpathSync(tempProject({ 'package.json': '{"name":"svc","private":true}', 'src/lib/telemetry.ts': EMITTING, 'src/routes.ts': ROUTES }));
  });
  afterAll(() => {
    run(['daemon', 'stop']);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('status says when no daemon serves the folder (exit 1)', () => {
    const r = status();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/none serves/);
  });

  it('starts, warms up, and says so', () => {
    const r = run(['daemon', 'start', '--idle', '5']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`ready \\(pid \\d+\\) for ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} after [\\d.]+ s; watching \\d+ folders`));
    const again = run(['daemon', 'start']);
    expect(again.stdout).toMatch(/already running/);
    expect(status().code).toBe(0);
    expect(runsAnswered()).toBe(0);
  });

  it('answers a run with the report and exit code of a run in the process', () => {
    const viaDaemon = run(['--format', 'json']);
    const here = run(['--format', 'json', '--no-daemon']);
    expect(viaDaemon.code).toBe(1);
    expect(here.code).toBe(1);
    expect(report(viaDaemon.stdout)).toEqual(report(here.stdout));
    expect(runsAnswered()).toBe(1);
    // The daemon writes the caches after answering, before its next run: a run in the process finds them current.
    // (It writes them once the reply is out: a run started at once may come first, so a few tries.)
    let debug = '';
    for (let i = 0; i < 10 && !/hit, the whole analysis reused/.test(debug); i++) {
      if (i) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      debug = run(['--format', 'json', '--no-daemon', '--debug']).stderr;
    }
    expect(debug).toMatch(/hit, the whole analysis reused/);
    // /orders emits through the helper; /health does not.
    const findings = (report(viaDaemon.stdout) as unknown as { findings: { file: string; line: number; ruleId: string }[] }).findings;
    expect(findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`)).toEqual(['src/routes.ts:8:otel/http-handler']);
  });

  it('runs from a sub-folder, other formats, and usage errors go through it too', () => {
    const sub = run(['--format', 'human', '--no-color'], {}, path.join(dir, 'src'));
    expect(sub.code).toBe(1);
    expect(sub.stdout).toMatch(/routes\.ts/);
    const bad = run(['--format', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^check-doctrines: unknown format "nope"/);
    expect(runsAnswered()).toBe(3);
  });

  it('follows an edit of a helper to the routes that call it, and a new file', async () => {
    fs.writeFileSync(path.join(dir, 'src/lib/telemetry.ts'), SILENT);
    const after = run(['--format', 'json']);
    const lines = (report(after.stdout) as unknown as { findings: { line: number }[] }).findings.map((f) => f.line).sort();
    expect(lines).toEqual([4, 8]);
    expect(report(after.stdout)).toEqual(report(run(['--format', 'json', '--no-daemon']).stdout));
    fs.writeFileSync(path.join(dir, 'src/more.ts'), `import express from 'express';\nconst app = express();\napp.get('/more', (req, res) => res.json({}));\n`);
    const added = report(run(['--format', 'json']).stdout) as unknown as { summary: { files: number }; findings: { file: string }[] };
    expect(added.summary.files).toBe(3);
    expect(added.findings.map((f) => f.file)).toContain('src/more.ts');
    fs.rmSync(path.join(dir, 'src/more.ts'));
    fs.writeFileSync(path.join(dir, 'src/lib/telemetry.ts'), EMITTING);
    const back = report(run(['--format', 'json']).stdout) as unknown as { summary: { files: number }; findings: unknown[] };
    expect(back.summary.files).toBe(2);
    expect(back.findings).toHaveLength(1);
  });

  it('--fix through it: the files are fixed and the report after the fixes is current', () => {
    const log = path.join(dir, 'src/log.ts');
    fs.writeFileSync(log, `import pino from 'pino';\nconst logger = pino();\nexport function cancel(orderId: string) {\n  logger.info(\`cancelling order \${orderId}\`);\n}\n`);
    const before = report(run(['--format', 'json']).stdout) as unknown as { findings: { file: string; ruleId: string }[] };
    expect(before.findings.filter((f) => f.file === 'src/log.ts').map((f) => f.ruleId)).toEqual(['otel/structured-logging']);
    const fixed = run(['--fix', '--format', 'json']);
    expect(fixed.stderr).toMatch(/fixed 1 finding\(s\) in 1 file\(s\)/);
    expect(fs.readFileSync(log, 'utf8')).toMatch(/logger\.info\(\{ orderId \}, 'cancelling order \{orderId\}'\)/);
    const after = report(fixed.stdout) as unknown as { findings: { file: string }[] };
    expect(after.findings.filter((f) => f.file === 'src/log.ts')).toEqual([]);
    expect(after).toEqual(report(run(['--format', 'json', '--no-daemon', '--no-cache']).stdout));
    fs.rmSync(log);
  });

  it('is bypassed by --no-daemon, CHECK_DOCTRINES_DAEMON=0 and --stdin', () => {
    const before = runsAnswered();
    run(['--format', 'json', '--no-daemon']);
    run(['--format', 'json'], { CHECK_DOCTRINES_DAEMON: '0' });
    const stdin = spawnSync(process.execPath, [BIN, '--stdin', '--stdin-filename', 'src/routes.ts', '--format', 'json'], {
      cwd: dir,
      input: ROUTES,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', TMPDIR: tmp },
    });
    expect(stdin.status).toBe(1);
    expect(runsAnswered()).toBe(before);
  });

  it('stops, and a daemon killed without cleaning up is forgotten: the run happens in the process', () => {
    const stopped = run(['daemon', 'stop']);
    expect(stopped.stdout).toMatch(/stopped \(pid \d+, \d+ runs answered\)/);
    expect(status().code).toBe(1);
    expect(fs.readdirSync(path.join(tmp, `check-doctrines-${process.getuid!()}`)).filter((f) => !f.endsWith('.log'))).toEqual([]);

    expect(run(['daemon', 'start']).code).toBe(0);
    const pid = Number(/pid (\d+)/.exec(status().stdout)![1]);
    process.kill(pid, 'SIGKILL');
    const r = run(['--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(report(r.stdout)).toEqual(report(run(['--format', 'json', '--no-daemon']).stdout));
    // The stale files are gone: the next run does not try again.
    expect(fs.readdirSync(path.join(tmp, `check-doctrines-${process.getuid!()}`)).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  it('refuses a daemon folder other users can write to', () => {
    const d = path.join(tmp, `check-doctrines-${process.getuid!()}`);
    fs.chmodSync(d, 0o777);
    try {
      const r = run(['daemon', 'start']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/not private to this user/);
    } finally {
      fs.chmodSync(d, 0o700);
    }
  });

  it('--daemon starts one when none serves the folder (not in CI), and the run goes through it', () => {
    expect(status().code).toBe(1);
    const inCI = run(['--format', 'json', '--daemon']);
    expect(inCI.code).toBe(1);
    expect(status().code).toBe(1);
    const notCI = Object.fromEntries(['CI', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'RUN_ID', 'GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'TF_BUILD', 'JENKINS_URL', 'TEAMCITY_VERSION'].map((v) => [v, '']));
    const started = run(['--format', 'json', '--daemon'], notCI);
    expect(started.code).toBe(1);
    expect(started.stderr).toMatch(/^check-doctrines: started a daemon \(pid \d+\) for .* after [\d.]+ s; watching \d+ folders \(check-doctrines daemon stop ends it/);
    expect(report(started.stdout)).toEqual(report(inCI.stdout));
    expect(runsAnswered()).toBe(1);
    const again = run(['--format', 'json', '--daemon'], notCI);
    expect(again.stderr).toBe('');
    expect(runsAnswered()).toBe(2);
  });
});
