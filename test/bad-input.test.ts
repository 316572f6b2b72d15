// Bad input is one line on stderr and exit 2, naming what is wrong and why — never a file's bytes over
// several lines, never a bare "no files matched" when files were found but could not be analysed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { expectOneLineError, runCli } from './helpers/cli.js';

const route = `import express from 'express';\nconst app = express();\napp.get('/orders', (req, res) => res.json([]));\n`;

describe('bad input, one line each', () => {
  it('a garbage baseline file: its content is never echoed', () => {
    const dir = tempProject({ 'package.json': '{"name":"x"}', 'src/app.ts': route, 'base.json': 'line1\u001b[2J\nline2\nline3\n{' });
    const r = runCli(dir, ['--baseline', 'base.json', '--no-cache']);
    expectOneLineError(r, /invalid baseline base\.json: not JSON; regenerate it with --update-baseline base\.json/);
    expect(r.stderr).not.toContain('line1');
  });

  it('a ref containing a newline stays on one line', () => {
    const dir = tempProject({ 'package.json': '{"name":"x"}', 'src/app.ts': route });
    execFileSync('git', ['init', '-q', dir]);
    const r = runCli(dir, ['--changed-since', 'main\nmalicious', '--no-cache']);
    expectOneLineError(r, /main\\nmalicious/);
  });

  it('a named file that is too large says which and why', () => {
    const dir = tempProject({ 'package.json': '{"name":"x"}', 'src/big.ts': `export const s = '${'a'.repeat(1_100_000)}';\n` });
    expectOneLineError(runCli(dir, ['src/big.ts', '--no-cache']), /cannot analyse src\/big\.ts: too large \(larger than maxFileSize, 1048576 bytes; raise it in the config, 0 for no limit\)/);
  });

  it('a named broken symlink says which and why', () => {
    const dir = tempProject({ 'package.json': '{"name":"x"}', 'src/app.ts': route });
    fs.symlinkSync('gone.ts', path.join(dir, 'link.ts'));
    expectOneLineError(runCli(dir, ['link.ts', '--no-cache']), /cannot analyse link\.ts: broken symlink \(the link points to nothing\)/);
  });

  it('a folder of only binary files and a folder of only oversized files behave the same', () => {
    const dir = tempProject({ 'package.json': '{"name":"x"}', 'bin/a.ts': '\u0000\u0001\u0002binary', 'big/b.ts': `export const s = '${'a'.repeat(1_100_000)}';\n` });
    expectOneLineError(runCli(dir, ['bin', '--no-cache']), /nothing to analyse in bin: 1 file skipped, binary: 1 \(not text\)/);
    expectOneLineError(runCli(dir, ['big', '--no-cache']), /nothing to analyse in big: 1 file skipped, too large: 1 \(larger than maxFileSize/);
  });

  it('maxFileSize: 0 means no limit, as documented', () => {
    const dir = tempProject({
      'package.json': '{"name":"x"}',
      '.doctrinesrc.json': '{ "maxFileSize": 0 }',
      'src/big.ts': `${route}export const s = '${'a'.repeat(1_100_000)}';\n`,
    });
    const report = JSON.parse(runCli(dir, ['--format', 'json', '--no-cache']).stdout);
    expect(report.summary.files).toBe(1);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['otel/http-handler']);
  });
});
