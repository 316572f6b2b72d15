// Existence checks and reads of the few project files the analysis looks up folder by folder: package.json,
// tsconfig.json, .git, pnpm-workspace.yaml, lerna.json. A one-shot run asks the disk each time. A long-lived
// process (the daemon) keeps the answers between runs and forgets them all whenever its folder watchers
// see an entry of one of these names created, changed or removed, and whenever it walks the folders again
// (src/engine/watched-discovery.ts): thousands of existence checks per run become none.
import fs from 'node:fs';
import path from 'node:path';

/** Names whose answers are kept: a watcher event on one of them calls forgetProbes(). */
export const PROBED_NAMES: ReadonlySet<string> = new Set(['package.json', 'tsconfig.json', '.git', 'pnpm-workspace.yaml', 'lerna.json']);

let kept: { exists: Map<string, boolean>; text: Map<string, string | null>; watched: (dir: string) => boolean } | undefined;

/** Keep answers between runs for the folders `watched` says are watched (a long-lived process); others are asked each time. */
export function keepProbes(watched: (dir: string) => boolean): void {
  kept ??= { exists: new Map(), text: new Map(), watched };
}

export function forgetProbes(): void {
  kept?.exists.clear();
  kept?.text.clear();
}

const keptFor = (p: string) => (kept && PROBED_NAMES.has(path.basename(p)) && kept.watched(path.dirname(p)) ? kept : undefined);

export function probeExists(p: string): boolean {
  const k = keptFor(p);
  if (!k) return fs.existsSync(p);
  let has = k.exists.get(p);
  if (has === undefined) k.exists.set(p, (has = fs.existsSync(p)));
  return has;
}

/** The file's text, or undefined when it cannot be read. */
export function probeRead(p: string): string | undefined {
  const k = keptFor(p);
  const cached = k?.text.get(p);
  if (cached !== undefined) return cached ?? undefined;
  let text: string | null = null;
  try {
    text = fs.readFileSync(p, 'utf8');
  } catch {
    // Unreadable or gone: undefined.
  }
  k?.text.set(p, text);
  return text ?? undefined;
}
