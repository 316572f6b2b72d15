// The daemon's discovery (src/engine/watched-discovery.ts): after each change on disk its answer is the one
// a fresh walk gives, and it walks again only when a change can alter what is analysed.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverFiles, type DiscoverOptions, type Discovered } from '../src/engine/discover.js';
import { WatchedDiscovery } from '../src/engine/watched-discovery.js';
import { tempProject } from './helpers/project.js';

/** What a run uses of the answer: the files, their sizes and mtimes, the skipped counts, the config files. */
function shape(d: Discovered) {
  return { files: d.files, stats: [...d.stats].map(([f, s]) => [f, s.size, s.mtimeMs]), skipped: [...d.skipped], configFiles: d.configFiles };
}

/** Change events reach the process on its event loop: give them a moment, as a run's first await does. */
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('watched discovery', () => {
  let dir: string;
  let watched: WatchedDiscovery;
  let o: DiscoverOptions;

  beforeEach(() => {
    dir = fs.realpathSync(
      tempProject({
        'package.json': '{"name":"svc"}',
        'src/a.ts': 'export const a = 1;\n',
        'src/lib/b.ts': 'export const b = 2;\n',
        'src/assets/logo.svg': '<svg/>',
        'src/a.test.ts': 'test;\n',
        'big/large.ts': 'x'.repeat(300),
      }),
    );
    watched = new WatchedDiscovery();
    o = { cwd: dir, paths: ['.'], include: [], exclude: [], defaultIgnores: true, maxFileSize: 200 };
  });
  afterEach(() => {
    watched.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The watched answer equals a fresh walk's; returns how many walks the watched one made for it. */
  async function expectSameAsWalk(): Promise<number> {
    await settle();
    const before = watched.status().walks;
    const got = await watched.discover(o);
    expect(shape(got)).toEqual(shape(await discoverFiles(o)));
    return watched.status().walks - before;
  }

  it('walks twice (the second with every folder watched), then answers from the record', async () => {
    expect(await expectSameAsWalk()).toBe(1);
    expect(await expectSameAsWalk()).toBe(1);
    expect(await expectSameAsWalk()).toBe(0);
    expect(watched.status().folders).toBeGreaterThanOrEqual(4);
    expect(watched.status().reused).toBe(1);
  });

  it('an analysed file edited in place is stat-ed again, without a walk', async () => {
    await watched.discover(o);
    await watched.discover(o);
    fs.appendFileSync(path.join(dir, 'src/lib/b.ts'), 'export const c = 3;\n');
    expect(await expectSameAsWalk()).toBe(0);
    const st = (await watched.discover(o)).stats.get(path.join(dir, 'src/lib/b.ts'))!;
    expect(st.size).toBe(fs.statSync(path.join(dir, 'src/lib/b.ts')).size);
  });

  it('a file saved by rename (an editor writing a copy, then moving it over) is an edit, not a walk', async () => {
    await watched.discover(o);
    await watched.discover(o);
    const f = path.join(dir, 'src/a.ts');
    fs.writeFileSync(`${f}.tmp~`, 'export const a = 10;\n');
    fs.renameSync(`${f}.tmp~`, f);
    expect(await expectSameAsWalk()).toBe(0);
  });

  it('entries skipped by name (an image, a test file, a swap file) never cause a walk', async () => {
    await watched.discover(o);
    await watched.discover(o);
    fs.writeFileSync(path.join(dir, 'src/assets/logo.svg'), '<svg></svg>');
    fs.writeFileSync(path.join(dir, 'src/assets/new.png'), 'png');
    fs.appendFileSync(path.join(dir, 'src/a.test.ts'), 'more;\n');
    fs.writeFileSync(path.join(dir, 'src/.a.ts.swp'), 'swap');
    fs.rmSync(path.join(dir, 'src/.a.ts.swp'));
    expect(await expectSameAsWalk()).toBe(0);
  });

  it('an analysed file added, removed or renamed, or a new folder, means a walk (and the new files are found)', async () => {
    await watched.discover(o);
    await watched.discover(o);
    fs.writeFileSync(path.join(dir, 'src/c.ts'), 'export const c = 1;\n');
    expect(await expectSameAsWalk()).toBe(1);
    fs.rmSync(path.join(dir, 'src/a.ts'));
    expect(await expectSameAsWalk()).toBe(1);
    fs.renameSync(path.join(dir, 'src/lib/b.ts'), path.join(dir, 'src/lib/b2.ts'));
    expect(await expectSameAsWalk()).toBe(1);
    fs.mkdirSync(path.join(dir, 'src/orders'));
    expect(await expectSameAsWalk()).toBe(1);
    // The new folder is watched from that walk on; a file added in it afterwards is found.
    fs.writeFileSync(path.join(dir, 'src/orders/d.ts'), 'export const d = 1;\n');
    expect(await expectSameAsWalk()).toBe(1);
    expect((await watched.discover(o)).files).toContain(path.join(dir, 'src/orders/d.ts'));
  });

  it('a folder removed and made again is watched anew: files added in it later are found', async () => {
    await watched.discover(o);
    await watched.discover(o);
    fs.rmSync(path.join(dir, 'src/lib'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'src/lib'));
    fs.writeFileSync(path.join(dir, 'src/lib/b.ts'), 'export const b = 3;\n');
    expect(await expectSameAsWalk()).toBe(1);
    // That walk watched the new folder (so it walks once more before trusting the record).
    expect(await expectSameAsWalk()).toBe(1);
    fs.writeFileSync(path.join(dir, 'src/lib/c.ts'), 'export const c = 1;\n');
    expect(await expectSameAsWalk()).toBe(1);
    expect((await watched.discover(o)).files).toContain(path.join(dir, 'src/lib/c.ts'));
    fs.appendFileSync(path.join(dir, 'src/lib/c.ts'), 'export const d = 2;\n');
    expect(await expectSameAsWalk()).toBe(0);
  });

  it('a .gitignore created or changed, and a file crossing maxFileSize, change what is analysed', async () => {
    await watched.discover(o);
    await watched.discover(o);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'src/lib/\n');
    expect(await expectSameAsWalk()).toBe(1);
    expect((await watched.discover(o)).files).not.toContain(path.join(dir, 'src/lib/b.ts'));
    // Grown past the limit: skipped as too large.
    fs.writeFileSync(path.join(dir, 'src/a.ts'), 'y'.repeat(400));
    expect(await expectSameAsWalk()).toBe(1);
    // Shrunk below it: analysed again.
    fs.writeFileSync(path.join(dir, 'big/large.ts'), 'export {};\n');
    expect(await expectSameAsWalk()).toBe(1);
    expect((await watched.discover(o)).files).toContain(path.join(dir, 'big/large.ts'));
  });

  it('files this process writes (--fix) are taken as changed at once, before their events arrive', async () => {
    await watched.discover(o);
    await watched.discover(o);
    const f = path.join(dir, 'src/a.ts');
    fs.writeFileSync(f, 'export const a = 1000000;\n');
    watched.written([f]);
    // No turn of the event loop between the write and the answer: the watcher's event has not been read yet.
    const got = await watched.discover(o);
    expect(got.stats.get(f)!.size).toBe(fs.statSync(f).size);
    expect(shape(got)).toEqual(shape(await discoverFiles(o)));
  });

  it('more events than the kernel queue could hold between two runs means a walk', async () => {
    const small = new WatchedDiscovery(3);
    try {
      await small.discover(o);
      await small.discover(o);
      // Entries skipped by name, so only their number can cause the walk (the kernel merges repeated events of one name).
      for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, `src/assets/${i}.png`), 'png');
      await settle();
      const before = small.status().walks;
      expect(shape(await small.discover(o))).toEqual(shape(await discoverFiles(o)));
      expect(small.status().walks - before).toBe(1);
    } finally {
      small.close();
    }
  });

  it('the caller may change the answer (a --stdin run adds a file) without changing the record', async () => {
    await watched.discover(o);
    const got = await watched.discover(o);
    got.files.push('/elsewhere.ts');
    got.stats.clear();
    expect(shape(await watched.discover(o))).toEqual(shape(await discoverFiles(o)));
  });
});
