// Which files a change makes to be judged again, shared by a cached run (analyze.ts, planIncremental) and
// the language server's session (session.ts): the changed files and every file whose last judging read one
// of them (the reverse-dependency index), or every file when a change reaches what project-wide indexes
// are built from.

/**
 * The files to judge again after `changed` changed, or undefined when every file must be: `reachesAll(i)`
 * says that file i's change touches a project-wide index (registrations, auto-instrumentation, declarations,
 * placeholders, the module graph), `readersOf(i)` the files whose last judging read file i.
 */
export function filesToJudge(changed: Iterable<number>, reachesAll: (i: number) => boolean, readersOf: (i: number) => Iterable<number>): Set<number> | undefined {
  const dirty = new Set<number>();
  for (const i of changed) {
    if (reachesAll(i)) return undefined;
    dirty.add(i);
  }
  for (const i of [...dirty]) for (const r of readersOf(i)) dirty.add(r);
  return dirty;
}

/** File index → the files whose judging read it, from each file's dependencies (itself left out). */
export function readersIndex(deps: readonly (readonly number[] | undefined)[]): Map<number, number[]> {
  const readers = new Map<number, number[]>();
  deps.forEach((list, i) => {
    for (const d of list ?? []) {
      if (d === i) continue;
      let r = readers.get(d);
      if (!r) readers.set(d, (r = []));
      r.push(i);
    }
  });
  return readers;
}
