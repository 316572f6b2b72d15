// Files the tool itself writes during a run (`--fix`), announced at once: a long-lived process that keeps
// what it found on disk (the daemon's watched discovery) must not wait for the change events, which may
// arrive after the re-check that follows the fixes in the same run.
const listeners = new Set<(files: string[]) => void>();

export function onFilesWritten(listener: (files: string[]) => void): void {
  listeners.add(listener);
}

/** Absolute paths just written. */
export function filesWritten(files: string[]): void {
  for (const l of listeners) l(files);
}
