// -o writes what the name denotes: a regular file whole (temp file and rename), through a symlink (the link
// stays), and straight into a FIFO or character device instead of replacing it with a regular file.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { runCli } from './helpers/cli.js';

const files = {
  'package.json': '{"name":"svc"}',
  'src/app.ts': `import express from 'express';\nconst app = express();\napp.get('/orders', (req, res) => res.json([]));\n`,
};

describe('-o, --output-file', () => {
  it('writes a regular file whole, leaving no temp file', () => {
    const dir = tempProject(files);
    const r = runCli(dir, ['--format', 'json', '-o', 'report.json', '--no-cache']);
    expect(r.code).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).findings).toHaveLength(1);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes through a symlink: the link stays a link, its target gets the report', () => {
    const dir = tempProject({ ...files, 'reports/.keep': '' });
    fs.symlinkSync('reports/latest.json', path.join(dir, 'report.json'));
    runCli(dir, ['--format', 'json', '-o', 'report.json', '--no-cache']);
    expect(fs.lstatSync(path.join(dir, 'report.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'reports/latest.json'), 'utf8')).findings).toHaveLength(1);
  });

  it('writes into a FIFO that another process reads, without replacing it', async () => {
    const dir = tempProject(files);
    const fifo = path.join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (d) => (got += d));
    const done = new Promise((resolve) => reader.on('close', resolve));
    const r = runCli(dir, ['--format', 'json', '-o', 'report.fifo', '--no-cache']);
    await done;
    expect(r.code).toBe(1);
    expect(JSON.parse(got).findings).toHaveLength(1);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('writes into a character device (/dev/null) without an error', () => {
    const dir = tempProject(files);
    const r = runCli(dir, ['--format', 'json', '-o', '/dev/null', '--no-cache']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a folder is a one-line error', () => {
    const dir = tempProject({ ...files, 'out/.keep': '' });
    const r = runCli(dir, ['--format', 'json', '-o', 'out', '--no-cache']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot write \S*out: EISDIR/);
  });
});

describe('writeAtomic: the one temp-file-and-rename writer (reports, baselines, the caches)', () => {
  it('replaces a file whole, from bytes or written piece by piece, leaving no temp file', async () => {
    const { writeAtomic } = await import('../src/engine/write-file.js');
    const dir = tempProject({ 'out.txt': 'old' });
    const file = path.join(dir, 'out.txt');
    writeAtomic(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    writeAtomic(file, (fd) => {
      fs.writeSync(fd, 'a');
      fs.writeSync(fd, 'b');
    });
    expect(fs.readFileSync(file, 'utf8')).toBe('ab');
    expect(fs.readdirSync(dir)).toEqual(['out.txt']);
  });

  it('throws the error of a failed write and removes its temp file', async () => {
    const { writeAtomic } = await import('../src/engine/write-file.js');
    const dir = tempProject({ 'taken/inside.txt': 'x' });
    // The rename fails (a folder is in the way): the temp file was written, and is removed.
    expect(() => writeAtomic(path.join(dir, 'taken'), 'new')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(fs.readdirSync(dir)).toEqual(['taken']);
    expect(() => writeAtomic(path.join(dir, 'missing', 'out.txt'), 'new')).toThrow(/ENOENT/);
  });

  it('a cache whose folder cannot be made is not saved, and the run goes on', async () => {
    const { SummaryCache, ResultCache } = await import('../src/engine/cache.js');
    const dir = tempProject({ 'a-file': 'x', 'src/a.ts': 'export const a = 1;\n' });
    const location = path.join(dir, 'a-file', 'cache');
    const summaries = new SummaryCache(location, 'key');
    summaries.store(path.join(dir, 'src/a.ts'), undefined, { targets: [], functions: {}, registrations: [] } as never);
    expect(() => summaries.save()).not.toThrow();
    const result = new ResultCache(location, 'key', []);
    expect(() => result.store({ findings: [], targets: [], coverage: {}, tsconfigs: [] } as never)).not.toThrow();
  });
});
