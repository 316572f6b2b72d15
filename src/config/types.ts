import type { Severity } from '../types.js';
import type { RegistryNames } from './registry.js';

/** A rule entry in config: a severity, or `[severity, options]` (ESLint style). */
export type RuleSetting = Severity | [Severity] | [Severity, Record<string, unknown>];

/** The config file's shape (all optional; defaults fill the rest). */
export interface UserConfig {
  /**
   * Configs this one builds on, merged in order before it: the shipped presets (`check-doctrines/recommended`,
   * `check-doctrines/strict`, `check-doctrines/datadog`, `check-doctrines/sentry`), package names, or paths
   * relative to this file.
   */
  extends?: string | string[];
  pillars?: string[];
  include?: string[];
  exclude?: string[];
  /** Apply the built-in ignores (node_modules, dist, tests, *.d.ts…). Default true. */
  defaultIgnores?: boolean;
  /** Files larger than this many bytes are skipped. Default 1 MiB. */
  maxFileSize?: number;
  /** How many calls deep "does this emit?" follows project functions. Default 3. */
  callDepth?: number;
  /** tsconfig used for `paths` / `baseUrl` import resolution; default: nearest tsconfig.json. */
  tsconfig?: string;
  rules?: Record<string, RuleSetting>;
  telemetry?: {
    emitters?: string[];
    decorators?: string[];
    wrappers?: string[];
    spanEnders?: string[];
    /** A Weaver registry folder (relative to the config file): what the team declared it emits. */
    registry?: string;
  };
  actors?: { baseClasses?: string[]; decorators?: string[] };
  ui?: { components?: string[] };
  http?: { fileRoutes?: FileRouteSetting[] };
  /**
   * `--fix --unsafe`: `wrapper` is the project's function that instruments a handler, called as
   * `name('<span name>', handler)` where the handler is registered; `module` is a package name or a path
   * relative to this file (`./src/tracing`).
   */
  fix?: { wrapper?: { module: string; name: string } };
}

/**
 * An in-house file router: every file matching `files` (globs relative to the working directory) is a
 * route module whose `exports` (default `["default"]`) are request handlers of `framework` (default
 * `"configured"`), named `<export> <file>`.
 */
export interface FileRouteSetting {
  files: string | string[];
  exports?: string[];
  framework?: string;
}

/** Config after defaults are filled and validation passed. */
export interface ResolvedConfig {
  /** Absolute path of the file the config came from, or undefined for built-in defaults. */
  filepath?: string;
  /** Absolute paths of the files `extends` brought in, in merge order (the config file itself is last, not listed). */
  extends?: string[];
  pillars: string[];
  include: string[];
  exclude: string[];
  defaultIgnores: boolean;
  maxFileSize: number;
  callDepth: number;
  tsconfig?: string;
  /** Rule id → [severity, options]; only rules the user mentioned. */
  rules: Record<string, [Severity, Record<string, unknown>]>;
  telemetry: { emitters: string[]; decorators: string[]; wrappers: string[]; spanEnders: string[]; registry?: RegistryNames };
  actors: { baseClasses: string[]; decorators: string[] };
  ui: { components: string[] };
  http: { fileRoutes: { files: string[]; exports: string[]; framework: string }[] };
  /** `fix.wrapper`, a path `module` made absolute (relative to the config file that set it). */
  fix?: { wrapper?: { module: string; name: string } };
}
