// How a file summary's containers start: dictionaries without a prototype, and one shared empty array.

/** An empty object used as a dictionary: no prototype, dictionary mode from the start. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * What a function summary's `emits`, `calls` and `children` (and a file's targets, registrations, findings
 * and parse errors) start as: one frozen empty array shared by all, replaced by an array of its own on the
 * first push (`append`). Most functions emit nothing and nest nothing; the summaries are kept for the whole
 * run, and three arrays per function was a third of them.
 */
export const NONE = Object.freeze([]) as unknown as never[];
export function append<T>(list: T[], item: T): T[] {
  if (list === NONE) return [item];
  list.push(item);
  return list;
}
