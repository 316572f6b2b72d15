// What a file's walk is given: the run's settings, the library model and the plugins.
import type { ResolvedConfig } from '../../config/types.js';
import type { LibraryModel } from '../model.js';
import type { FileAbout, FilePlugin } from '../plugin.js';
import { nameGlobToRegExp } from '../patterns.js';

export interface SummarizeOptions {
  config: ResolvedConfig;
  model: LibraryModel;
  plugins: FilePlugin[];
  /** Plugins chosen for the whole file at once (the adapters, see engine/file-work.ts), before `plugins`. */
  select?: (file: FileAbout) => readonly FilePlugin[];
  telemetryDecorators: Set<string>;
  /** `--debug`: parsing time is added here (ms). */
  timing?: { parse: number };
}

/** Compiled per-run settings the walk needs from config (regexes built once, not per file). */
export interface CompiledTelemetry {
  emitters: RegExp[];
  wrappers: RegExp[];
}

const compiledCache = new WeakMap<ResolvedConfig, CompiledTelemetry>();
export function compileTelemetry(config: ResolvedConfig): CompiledTelemetry {
  let c = compiledCache.get(config);
  if (!c) {
    c = {
      emitters: config.telemetry.emitters.map((p) => nameGlobToRegExp(p)),
      wrappers: config.telemetry.wrappers.map((p) => nameGlobToRegExp(p)),
    };
    compiledCache.set(config, c);
  }
  return c;
}
