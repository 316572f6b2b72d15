// Progress on stderr: when it is shown, and what the line looks like.
import { describe, expect, it } from 'vitest';
import { isCI, progressRenderer, wantsProgress } from '../src/progress.js';

const base = { env: {}, stderrIsTTY: true, stdoutIsTTY: true, stdoutFormats: ['human'], quiet: false };

describe('wantsProgress', () => {
  it('shows on a terminal, for a human report or a machine report written to files', () => {
    expect(wantsProgress(base)).toBe(true);
    expect(wantsProgress({ ...base, stdoutIsTTY: false, stdoutFormats: ['human'] })).toBe(true);
    expect(wantsProgress({ ...base, stdoutIsTTY: false, stdoutFormats: [] })).toBe(true);
  });

  it('stays silent without a terminal on stderr, in CI, under --quiet, and when JSON is piped from stdout', () => {
    expect(wantsProgress({ ...base, stderrIsTTY: false })).toBe(false);
    expect(wantsProgress({ ...base, env: { CI: 'true' } })).toBe(false);
    expect(wantsProgress({ ...base, env: { GITHUB_ACTIONS: 'true' } })).toBe(false);
    expect(wantsProgress({ ...base, quiet: true })).toBe(false);
    expect(wantsProgress({ ...base, stdoutIsTTY: false, stdoutFormats: ['json'] })).toBe(false);
    expect(wantsProgress({ ...base, stdoutIsTTY: false, stdoutFormats: ['human', 'sarif'] })).toBe(false);
  });

  it('reads CI=false and CI=0 as not CI', () => {
    expect(isCI({ CI: 'false' })).toBe(false);
    expect(isCI({ CI: '0' })).toBe(false);
    expect(isCI({ CI: '1' })).toBe(true);
  });
});

describe('progressRenderer', () => {
  it('prints nothing during the first second, then one line at most every 100 ms, cleared at the end', () => {
    let t = 0;
    const out: string[] = [];
    const p = progressRenderer((s) => out.push(s), () => t);
    p.update({ phase: 'files', done: 10, total: 10000 });
    t = 999;
    p.update({ phase: 'files', done: 500, total: 10000 });
    expect(out).toEqual([]);
    t = 1000;
    p.update({ phase: 'files', done: 3412, total: 10000 });
    t = 1050;
    p.update({ phase: 'files', done: 3500, total: 10000 });
    t = 1100;
    p.update({ phase: 'targets', done: 20, total: 10000 });
    p.end();
    expect(out).toEqual([
      '\r\x1b[2Kcheck-doctrines: analysing 3,412 of 10,000 files',
      '\r\x1b[2Kcheck-doctrines: judging targets of 20 of 10,000 files',
      '\r\x1b[2K',
    ]);
  });

  it('clears nothing when nothing was shown', () => {
    const out: string[] = [];
    const p = progressRenderer((s) => out.push(s), () => 0);
    p.update({ phase: 'files', done: 1, total: 2 });
    p.end();
    expect(out).toEqual([]);
  });
});
