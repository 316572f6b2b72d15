import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverFiles, globToRegExp, type DiscoverOptions } from '../src/engine/discover.js';
import { readSource } from '../src/engine/read.js';
import { UsageError } from '../src/errors.js';
import { tempProject } from './helpers/project.js';

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A temp folder with a `.git` dir (so it is a repository root) holding `files` (path → content). */
function tree(files: Record<string, string>, { git = true } = {}): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cd-')));
  temps.push(root);
  if (git) fs.mkdirSync(path.join(root, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/**
 * Discovery of `cwd`, checked three ways: without the walk cache, with it when it records (first walk) and
 * when it replays (second walk, the tree's mtimes set an hour back so the record is trusted): all alike.
 */
async function discover(cwd: string, o: Partial<DiscoverOptions> = {}) {
  const once = async (cacheDir?: string) => {
    const r = await discoverFiles({ cwd, paths: [], include: [], exclude: [], defaultIgnores: true, maxFileSize: 1 << 20, ...o, ...(cacheDir ? { cacheDir } : {}) });
    return { files: r.files.map((f) => path.relative(cwd, f).split(path.sep).join('/')), skipped: Object.fromEntries(r.skipped), configFiles: r.configFiles };
  };
  const plain = await once();
  backdate(cwd);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-walk-'));
  temps.push(cacheDir);
  expect(await once(cacheDir), 'walk cache, recording').toEqual(plain);
  expect(fs.readdirSync(cacheDir).filter((f) => f.startsWith('walk-'))).toHaveLength(1);
  expect(await once(cacheDir), 'walk cache, replaying').toEqual(plain);
  return { files: plain.files, skipped: plain.skipped };
}

/** Every folder and file under `dir` (links left alone) modified an hour ago, and `dir` itself. */
function backdate(dir: string, when = Date.now() / 1000 - 3600): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    if (e.isDirectory()) {
      try {
        backdate(p, when);
      } catch {
        // An unreadable folder (a test's) keeps its mtime.
      }
    } else fs.utimesSync(p, when, when);
  }
  fs.utimesSync(dir, when, when);
}

const isRoot = process.getuid?.() === 0;

describe('discoverFiles', () => {
  it('finds every analysed extension and applies the default ignores to folder walks', async () => {
    const root = tree({
      'src/a.ts': '', 'src/b.tsx': '', 'src/c.mts': '', 'src/d.cts': '',
      'src/e.js': '', 'src/f.jsx': '', 'src/g.mjs': '', 'src/h.cjs': '',
      'src/readme.md': '', 'src/data.json': '', 'src/style.css': '',
      'src/types.d.ts': '', 'src/types.d.mts': '', 'src/types.d.cts': '',
      'src/a.test.ts': '', 'src/a.spec.tsx': '', 'src/__tests__/x.ts': '', 'test/x.ts': '', 'src/tests/x.ts': '',
      'node_modules/pkg/index.js': '', 'dist/a.js': '', 'build/a.js': '', '.next/a.js': '', 'coverage/a.js': '',
      '.git/hooks/pre-commit.js': '',
      'src/testing.ts': '', 'src/contest.ts': '', '.config/x.ts': '',
    });
    const { files, skipped } = await discover(root);
    expect(files).toEqual([
      '.config/x.ts',
      'src/a.ts', 'src/b.tsx', 'src/c.mts', 'src/contest.ts', 'src/d.cts',
      'src/e.js', 'src/f.jsx', 'src/g.mjs', 'src/h.cjs', 'src/testing.ts',
    ]);
    expect(skipped).toEqual({});
  });

  it('walks everything but .git when default ignores are off', async () => {
    const root = tree({ 'src/a.ts': '', 'src/a.test.ts': '', 'src/x.d.ts': '', 'node_modules/p/i.js': '', 'tests/t.ts': '', '.git/x.js': '' });
    const { files } = await discover(root, { defaultIgnores: false });
    expect(files).toEqual(['node_modules/p/i.js', 'src/a.test.ts', 'src/a.ts', 'src/x.d.ts', 'tests/t.ts']);
  });

  it('defaults paths to the working folder and returns absolute, sorted paths', async () => {
    const root = tree({ 'b.ts': '', 'a/z.ts': '', 'a.ts': '' });
    const r = await discoverFiles({ cwd: root, paths: [], include: [], exclude: [], defaultIgnores: true, maxFileSize: 100 });
    expect(r.files).toEqual([path.join(root, 'a.ts'), path.join(root, 'a/z.ts'), path.join(root, 'b.ts')]);
  });

  describe('.gitignore', () => {
    it('honours the root and nested .gitignore files, each relative to its folder, silently', async () => {
      const root = tree({
        '.gitignore': 'generated/\n*.gen.ts\n/top-only.ts\n',
        'top-only.ts': '', 'src/top-only.ts': '',
        'src/generated/a.ts': '', 'src/a.gen.ts': '', 'src/keep.ts': '',
        'pkg/.gitignore': 'local.ts\n/out\n!important.gen.ts\n',
        'pkg/local.ts': '', 'pkg/sub/local.ts': '', 'pkg/out/a.ts': '', 'out/a.ts': '',
        'pkg/important.gen.ts': '', 'pkg/other.gen.ts': '', 'other/local.ts': '',
      });
      const { files, skipped } = await discover(root);
      expect(files).toEqual(['other/local.ts', 'out/a.ts', 'pkg/important.gen.ts', 'src/keep.ts', 'src/top-only.ts']);
      expect(skipped).toEqual({});
    });

    it('applies .gitignore files above the working folder, up to the repository root', async () => {
      const root = tree({ '.gitignore': 'packages/app/legacy/\n', 'packages/app/legacy/a.ts': '', 'packages/app/src/a.ts': '' });
      const { files } = await discover(path.join(root, 'packages/app'));
      expect(files).toEqual(['src/a.ts']);
    });

    it('ignores .gitignore files above the repository root', async () => {
      const outer = tree({ '.gitignore': '*\n', 'repo/src/a.ts': '' }, { git: false });
      fs.mkdirSync(path.join(outer, 'repo/.git'));
      expect((await discover(path.join(outer, 'repo'))).files).toEqual(['src/a.ts']);
      expect((await discover(path.join(outer, 'repo'), { paths: ['src/a.ts', '.'] })).files).toEqual(['src/a.ts']);
    });

    it('honours .gitignore in the working folder when there is no repository', async () => {
      const root = tree({ '.gitignore': 'gen/\n', 'gen/a.ts': '', 'src/a.ts': '' }, { git: false });
      expect((await discover(root)).files).toEqual(['src/a.ts']);
    });

    it('reports an explicitly named path that .gitignore ignores, instead of dropping it without a word', async () => {
      const root = tree({ '.gitignore': 'scratch/\nlocal.ts\n', 'scratch/a.ts': '', 'local.ts': '', 'a.ts': '' });
      expect(await discover(root, { paths: ['scratch/a.ts', 'local.ts', 'a.ts'] })).toEqual({ files: ['a.ts'], skipped: { ignored: 2 } });
    });
  });

  describe('include and exclude', () => {
    const files = { 'src/a.ts': '', 'src/generated/g.ts': '', 'src/legacy/old.ts': '', 'scripts/s.ts': '', 'lib/x.js': '', 'lib/y.tsx': '' };

    it('include restricts the walk to matching files; a glob naming a folder covers what is inside', async () => {
      const root = tree(files);
      expect((await discover(root, { include: ['src/**'] })).files).toEqual(['src/a.ts', 'src/generated/g.ts', 'src/legacy/old.ts']);
      expect((await discover(root, { include: ['lib'] })).files).toEqual(['lib/x.js', 'lib/y.tsx']);
      expect((await discover(root, { include: ['**/*.{tsx,js}'] })).files).toEqual(['lib/x.js', 'lib/y.tsx']);
    });

    it('exclude always applies, to walks and to named paths', async () => {
      const root = tree(files);
      const r = await discover(root, { exclude: ['src/generated/**', 'src/legacy', '**/*.js'] });
      expect(r).toEqual({ files: ['lib/y.tsx', 'scripts/s.ts', 'src/a.ts'], skipped: {} });
      const named = await discover(root, { paths: ['src/generated/g.ts', 'src/a.ts'], exclude: ['src/generated/**'] });
      expect(named).toEqual({ files: ['src/a.ts'], skipped: { ignored: 1 } });
    });

    it('globs are relative to cwd, also for paths given from another folder', async () => {
      const root = tree(files);
      const r = await discover(root, { paths: [path.join(root, 'src')], exclude: ['src/legacy/**'] });
      expect(r.files).toEqual(['src/a.ts', 'src/generated/g.ts']);
    });
  });

  it('finds files in folders whose names contain glob characters, walked or named', async () => {
    const root = tree({
      'app/[id]/route.ts': '', 'app/(group)/page.tsx': '', 'app/@slot/page.tsx': '', 'app/[...slug]/page.tsx': '',
      'app/{a,b}/x.ts': '', 'app/[[...opt]]/page.tsx': '', 'app/a/x.ts': '', 'app/!bang/x.ts': '', 'app/*star/x.ts': '',
    });
    expect((await discover(root)).files).toEqual([
      'app/!bang/x.ts', 'app/(group)/page.tsx', 'app/*star/x.ts', 'app/@slot/page.tsx', 'app/[...slug]/page.tsx',
      'app/[[...opt]]/page.tsx', 'app/[id]/route.ts', 'app/a/x.ts', 'app/{a,b}/x.ts',
    ]);
    // Named literally: `[id]` must not be read as a character class, nor `{a,b}` as alternatives.
    expect((await discover(root, { paths: ['app/[id]/route.ts', 'app/{a,b}', 'app/(group)'] })).files).toEqual([
      'app/(group)/page.tsx', 'app/[id]/route.ts', 'app/{a,b}/x.ts',
    ]);
    expect((await discover(root, { exclude: ['app/\\[id\\]/**', 'app/\\{a,b\\}'] })).files).not.toContain('app/[id]/route.ts');
    expect((await discover(root, { exclude: ['app/\\{a,b\\}'] })).files).toContain('app/a/x.ts');
  });

  describe('named paths', () => {
    it('analyses a named file even where a folder walk would skip it (as ESLint does)', async () => {
      const root = tree({ 'src/a.test.ts': '', 'src/x.d.ts': '', 'tests/t.ts': '', 'tests/t.spec.ts': '', 'src/b.ts': '' });
      const r = await discover(root, { paths: ['src/a.test.ts', path.join(root, 'src/x.d.ts'), 'tests'] });
      // Inside a named folder the default ignores still apply to what the walk finds.
      expect(r).toEqual({ files: ['src/a.test.ts', 'src/x.d.ts', 'tests/t.ts'], skipped: {} });
    });

    it('ignores include for named files', async () => {
      const root = tree({ 'scripts/s.ts': '', 'src/a.ts': '' });
      expect((await discover(root, { paths: ['scripts/s.ts'], include: ['src/**'] })).files).toEqual(['scripts/s.ts']);
    });

    it('counts a named file that is not an analysed type', async () => {
      const root = tree({ 'README.md': '' });
      expect(await discover(root, { paths: ['README.md'] })).toEqual({ files: [], skipped: { 'unsupported file type': 1 } });
    });

    it('dedupes overlapping paths', async () => {
      const root = tree({ 'src/a.ts': '', 'src/b/c.ts': '' });
      expect((await discover(root, { paths: ['.', 'src', 'src/b/c.ts', './src/a.ts'] })).files).toEqual(['src/a.ts', 'src/b/c.ts']);
    });

    it('throws a UsageError naming a path that does not exist', async () => {
      const root = tree({ 'src/a.ts': '' });
      const run = discover(root, { paths: ['src', 'nope/x.ts'] });
      await expect(run).rejects.toBeInstanceOf(UsageError);
      await expect(discover(root, { paths: ['nope/x.ts'] })).rejects.toThrow(/^path not found: nope\/x\.ts$/);
      await expect(discover(root, { paths: ['src/a.ts/x'] })).rejects.toThrow('path not found: src/a.ts/x');
    });
  });

  describe('symlinks', () => {
    it('follows linked files, and linked folders inside the analysed folders, reporting each real file once', async () => {
      const root = tree({ 'src/a.ts': '', 'shared/s.ts': '', 'lib/l.ts': '' });
      fs.symlinkSync(path.join(root, 'shared'), path.join(root, 'src/shared'));
      fs.symlinkSync(path.join(root, 'src/a.ts'), path.join(root, 'src/alias.ts'));
      fs.symlinkSync(path.join(root, 'shared/s.ts'), path.join(root, 'linked.ts'));
      // From src, the linked folder leads outside what is analysed: not followed, counted.
      const { files, skipped } = await discover(root, { paths: ['src'] });
      expect(files).toEqual(['src/a.ts']);
      expect(skipped).toEqual({ 'symlink outside the analysed folders': 1 });
      // From the root every file is also met at its real path, which wins over the links.
      expect(await discover(root)).toEqual({ files: ['lib/l.ts', 'shared/s.ts', 'src/a.ts'], skipped: {} });
      // A linked folder whose real folder is ignored at its own place is walked through the link.
      fs.symlinkSync(path.join(root, 'lib'), path.join(root, 'src/lib'));
      expect((await discover(root, { paths: ['.'], exclude: ['lib/**'] })).files).toEqual(['shared/s.ts', 'src/a.ts', 'src/lib/l.ts']);
    });

    it('walks each real folder once: links forming diamonds stay linear (24 levels)', async () => {
      // store/d(i) holds two links to store/d(i+1): 2^24 paths to 24 real folders, reached only through the
      // links (store/ itself is excluded).
      const root = tree({ 'app/a.ts': '' });
      for (let i = 1; i <= 24; i++) {
        fs.mkdirSync(path.join(root, `store/d${i}`), { recursive: true });
        fs.writeFileSync(path.join(root, `store/d${i}/f.ts`), '');
        const from = i === 1 ? 'app' : `store/d${i - 1}`;
        fs.symlinkSync(path.join(root, `store/d${i}`), path.join(root, `${from}/left`));
        fs.symlinkSync(path.join(root, `store/d${i}`), path.join(root, `${from}/right`));
      }
      const started = Date.now();
      const { files, skipped } = await discover(root, { exclude: ['store/**'] });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(files).toHaveLength(25);
      expect(files.slice(0, 3)).toEqual(['app/a.ts', 'app/left/f.ts', 'app/left/left/f.ts']);
      expect(skipped).toEqual({});
    });

    it('never follows a link to / (no walk of /proc, /sys or /dev), and counts it', async () => {
      const root = tree({ 'src/a.ts': '' });
      fs.symlinkSync('/', path.join(root, 'src/host'));
      fs.symlinkSync('/proc', path.join(root, 'src/proc'));
      expect(await discover(root)).toEqual({ files: ['src/a.ts'], skipped: { 'symlink outside the analysed folders': 1, 'system folder': 1 } });
    });

    it('counts symlink loops and broken symlinks without failing the run', async () => {
      const root = tree({ 'src/a.ts': '', 'src/deep/b.ts': '' });
      fs.symlinkSync(path.join(root, 'src'), path.join(root, 'src/deep/up')); // folder loop
      fs.symlinkSync('self.ts', path.join(root, 'src/self.ts')); // link to itself: ELOOP
      fs.symlinkSync(path.join(root, 'missing.ts'), path.join(root, 'src/broken.ts'));
      fs.symlinkSync(path.join(root, 'missing-dir'), path.join(root, 'src/broken-dir'));
      const { files, skipped } = await discover(root);
      expect(files).toEqual(['src/a.ts', 'src/deep/b.ts']);
      expect(skipped).toEqual({ 'symlink loop': 2, 'broken symlink': 2 });
    });

    it('detects a loop that goes through two links', async () => {
      const root = tree({ 'x/a.ts': '', 'y/b.ts': '' });
      fs.symlinkSync(path.join(root, 'y'), path.join(root, 'x/to-y'));
      fs.symlinkSync(path.join(root, 'x'), path.join(root, 'y/to-x'));
      const { files, skipped } = await discover(root);
      expect(files).toEqual(['x/a.ts', 'y/b.ts']);
      // Both folders are walked at their real paths first; the links then add nothing.
      expect(skipped).toEqual({});
      // From inside one of them, the other is outside what is analysed.
      expect(await discover(root, { paths: ['x'] })).toEqual({ files: ['x/a.ts'], skipped: { 'symlink outside the analysed folders': 1 } });
    });

    it('says nothing about a broken link inside an ignored folder', async () => {
      const root = tree({ 'src/a.ts': '' });
      fs.mkdirSync(path.join(root, 'node_modules'));
      fs.symlinkSync(path.join(root, 'gone'), path.join(root, 'node_modules/pkg'));
      expect((await discover(root)).skipped).toEqual({});
    });

    it('counts a named broken link instead of calling it missing', async () => {
      const root = tree({});
      fs.symlinkSync(path.join(root, 'gone.ts'), path.join(root, 'link.ts'));
      expect(await discover(root, { paths: ['link.ts'] })).toEqual({ files: [], skipped: { 'broken symlink': 1 } });
    });
  });

  it('counts files over maxFileSize as too large; 0 means no limit', async () => {
    const root = tree({ 'big.ts': 'x'.repeat(2001), 'ok.ts': 'x'.repeat(2000) });
    expect(await discover(root, { maxFileSize: 2000 })).toEqual({ files: ['ok.ts'], skipped: { 'too large': 1 } });
    expect((await discover(root, { maxFileSize: 0 })).files).toEqual(['big.ts', 'ok.ts']);
  });

  it.skipIf(isRoot)('counts unreadable files and folders', async () => {
    const root = tree({ 'a.ts': '', 'secret.ts': '', 'locked/b.ts': '' });
    fs.chmodSync(path.join(root, 'secret.ts'), 0o000);
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    try {
      expect(await discover(root)).toEqual({ files: ['a.ts'], skipped: { unreadable: 2 } });
    } finally {
      fs.chmodSync(path.join(root, 'locked'), 0o755);
    }
  });
});

describe('globToRegExp', () => {
  const cases: Array<[string, string, boolean]> = [
    ['src/**', 'src/a/b.ts', true],
    ['src/**', 'src', true],
    ['src/**', 'srcx/a.ts', false],
    ['**/*.ts', 'a.ts', true],
    ['**/*.ts', 'a/b/c.ts', true],
    ['*.ts', 'a/b.ts', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/xb', false],
    ['**/*.{ts,tsx}', 'x/y.tsx', true],
    ['lib/{a,b/{c,d}}/*.js', 'lib/b/d/x.js', true],
    ['lib/{a,b/{c,d}}/*.js', 'lib/b/x.js', false],
    ['x?.ts', 'x1.ts', true],
    ['[!ab].ts', 'c.ts', true],
    ['[!ab].ts', 'a.ts', false],
    ['app/\\[id\\]/*', 'app/[id]/route.ts', true],
    ['app/\\[id\\]/*', 'app/i/route.ts', false],
    ['./src/', 'src', true],
    ['src/*.ts', 'src/.hidden.ts', true],
    ['{unclosed', '{unclosed', true],
  ];
  it.each(cases)('%s matches %s: %s', (glob, rel, expected) => {
    expect(globToRegExp(glob).test(rel)).toBe(expected);
  });
});

describe('readSource', () => {
  it('reads utf8 and strips a BOM', () => {
    const root = tree({ 'a.ts': '\uFEFFconst é = 1;\n', 'b.ts': 'const x = "\uFEFF";' });
    expect(readSource(path.join(root, 'a.ts'))).toEqual({ ok: true, text: 'const é = 1;\n' });
    expect(readSource(path.join(root, 'b.ts'))).toEqual({ ok: true, text: 'const x = "\uFEFF";' });
  });

  it('calls a file with a NUL byte in its first 8000 bytes binary', () => {
    const root = tree({});
    fs.writeFileSync(path.join(root, 'bin.js'), Buffer.from([0x63, 0x6f, 0x00, 0x6e]));
    fs.writeFileSync(path.join(root, 'late.js'), Buffer.concat([Buffer.alloc(8000, 0x20), Buffer.from([0])]));
    fs.writeFileSync(path.join(root, 'utf16.ts'), Buffer.from('\uFEFFconst a = 1;', 'utf16le'));
    expect(readSource(path.join(root, 'bin.js'))).toEqual({ ok: false, reason: 'binary' });
    expect(readSource(path.join(root, 'utf16.ts'))).toEqual({ ok: false, reason: 'binary' });
    expect(readSource(path.join(root, 'late.js')).ok).toBe(true);
  });

  it('reports a missing or unreadable file as unreadable', () => {
    const root = tree({});
    expect(readSource(path.join(root, 'nope.ts'))).toEqual({ ok: false, reason: 'unreadable' });
    expect(readSource(root)).toEqual({ ok: false, reason: 'unreadable' });
  });
});

describe('the walk cache (discovery with cacheDir)', () => {
  const opts = (cwd: string, cacheDir: string, paths: string[] = []): DiscoverOptions => ({ cwd, paths, include: [], exclude: [], defaultIgnores: true, maxFileSize: 1 << 20, cacheDir });
  const rel = (cwd: string, files: string[]) => files.map((f) => path.relative(cwd, f).split(path.sep).join('/'));
  function setup(files: Record<string, string>) {
    const root = tree(files);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-walk-'));
    temps.push(cacheDir);
    backdate(root);
    return { root, cacheDir };
  }

  it('replays a folder whose mtime did not change (a file slipped in with the mtime put back is not seen)', async () => {
    const { root, cacheDir } = setup({ 'src/a.ts': '', 'src/deep/b.ts': '' });
    expect(rel(root, (await discoverFiles(opts(root, cacheDir))).files)).toEqual(['src/a.ts', 'src/deep/b.ts']);
    const st = fs.statSync(path.join(root, 'src/deep'));
    fs.writeFileSync(path.join(root, 'src/deep/c.ts'), '');
    fs.utimesSync(path.join(root, 'src/deep'), st.atime, st.mtime);
    // The record was used: this proves the walk did not read src/deep again. Without the cache, c.ts is found.
    expect(rel(root, (await discoverFiles(opts(root, cacheDir))).files)).toEqual(['src/a.ts', 'src/deep/b.ts']);
    expect(rel(root, (await discoverFiles({ ...opts(root, cacheDir), cacheDir: undefined })).files)).toEqual(['src/a.ts', 'src/deep/b.ts', 'src/deep/c.ts']);
  });

  it('reads again the folders where files were added, removed or renamed, and only those', async () => {
    const { root, cacheDir } = setup({ 'src/a.ts': '', 'src/deep/b.ts': '', 'lib/c.ts': '' });
    await discoverFiles(opts(root, cacheDir));
    fs.writeFileSync(path.join(root, 'src/deep/new.ts'), '');
    fs.rmSync(path.join(root, 'lib/c.ts'));
    fs.renameSync(path.join(root, 'src/a.ts'), path.join(root, 'src/renamed.ts'));
    fs.mkdirSync(path.join(root, 'src/fresh'));
    fs.writeFileSync(path.join(root, 'src/fresh/d.ts'), '');
    expect(rel(root, (await discoverFiles(opts(root, cacheDir))).files)).toEqual(['src/deep/b.ts', 'src/deep/new.ts', 'src/fresh/d.ts', 'src/renamed.ts']);
  });

  it('decides everything again when a .gitignore changes, appears above a named path, or goes away', async () => {
    const { root, cacheDir } = setup({ '.gitignore': 'gen/\n', 'pkg/src/a.ts': '', 'pkg/gen/b.ts': '', 'pkg/out/c.ts': '' });
    expect(rel(root, (await discoverFiles(opts(root, cacheDir))).files)).toEqual(['pkg/out/c.ts', 'pkg/src/a.ts']);
    // Same size, older mtime than now but different: the record is dropped.
    fs.writeFileSync(path.join(root, '.gitignore'), 'out/\n');
    expect(rel(root, (await discoverFiles(opts(root, cacheDir))).files)).toEqual(['pkg/gen/b.ts', 'pkg/src/a.ts']);
    // A .gitignore appearing in a folder above the named path.
    const named = path.join(root, 'pkg', 'src');
    fs.writeFileSync(path.join(root, '.gitignore'), '');
    backdate(root);
    expect(rel(root, (await discoverFiles(opts(root, cacheDir, [named]))).files)).toEqual(['pkg/src/a.ts']);
    backdate(root);
    expect(rel(root, (await discoverFiles(opts(root, cacheDir, [named]))).files)).toEqual(['pkg/src/a.ts']);
    fs.writeFileSync(path.join(root, 'pkg', '.gitignore'), 'a.ts\n');
    expect(rel(root, (await discoverFiles(opts(root, cacheDir, [named]))).files)).toEqual([]);
    fs.rmSync(path.join(root, 'pkg', '.gitignore'));
    expect(rel(root, (await discoverFiles(opts(root, cacheDir, [named]))).files)).toEqual(['pkg/src/a.ts']);
  });

  it('keeps one record per set of paths and options, and a damaged record costs a full walk', async () => {
    const { root, cacheDir } = setup({ 'src/a.ts': '', 'src/a.test.ts': '' });
    expect(rel(root, (await discoverFiles(opts(root, cacheDir))).files)).toEqual(['src/a.ts']);
    expect(rel(root, (await discoverFiles({ ...opts(root, cacheDir), defaultIgnores: false })).files)).toEqual(['src/a.test.ts', 'src/a.ts']);
    const records = fs.readdirSync(cacheDir).filter((f) => f.startsWith('walk-'));
    expect(records).toHaveLength(2);
    for (const f of records) fs.writeFileSync(path.join(cacheDir, f), '{"key": tru');
    expect(rel(root, (await discoverFiles(opts(root, cacheDir))).files)).toEqual(['src/a.ts']);
  });
});

describe('files git tracks although .gitignore matches them', () => {
  it('are analysed; untracked ignored files are not; other rules still apply', async () => {
    const dir = tempProject({
      '.gitignore': 'generated/\n*.gen.ts\n',
      'src/app.ts': 'export const a = 1;\n',
      'generated/routes.ts': 'export const tracked = 1;\n',
      'generated/scratch.ts': 'export const untracked = 1;\n',
      'src/client.gen.ts': 'export const trackedFile = 1;\n',
      'generated/node_modules/x/index.ts': 'export const vendored = 1;\n',
      'generated/routes.test.ts': 'export const testFile = 1;\n',
    });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-f', 'src/app.ts', 'generated/routes.ts', 'src/client.gen.ts', 'generated/node_modules/x/index.ts', 'generated/routes.test.ts');
    const { files } = await discoverFiles({ cwd: dir, paths: ['.'], include: [], exclude: [], defaultIgnores: true, maxFileSize: 1 << 20 });
    expect(files.map((f) => path.relative(dir, f).split(path.sep).join('/')).sort()).toEqual(['generated/routes.ts', 'src/app.ts', 'src/client.gen.ts']);
  });
});
