// Commander wiring only: parse flags, call the engine, write reports, choose the exit code.
// The only module that touches process streams and environment.
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { progressRenderer, wantsProgress } from './progress.js';
import { writeWhole } from './engine/write-file.js';
import { UsageError } from './errors.js';
import { escapeControls } from './reporters/terminal-safe.js';
import { check, printConfig } from './engine/run.js';
import { loadCatalog, type Catalog } from './engine/catalog.js';
import { PACKAGE_ROOT, TOOL_HOMEPAGE, TOOL_VERSION, compilerLoaded, ruleDocsUrl } from './engine/package.js';
import { hookSnippets, initConfig } from './config/init.js';
import { FORMATS, formatMarkdown, fromRepositoryRoot, type FormatName, type RuleInfo } from './reporters/index.js';
import { sourceLinkBase } from './reporters/markdown.js';
import { displayPath, repositoryRoot, stdinFile, toPosix } from './engine/paths.js';
import { DebugLog } from './engine/debug.js';
import type { RunResult, Severity } from './types.js';
import { DEFAULT_BASELINE } from './engine/baseline.js';
import type { ChangedSelection } from './engine/git.js';
import { repositoryCodeowners } from './engine/codeowners.js';
import { PackageScopes } from './analysis/packages.js';
/** Formats read by code hosts, which name files from the repository root. */
const CODE_HOST_FORMATS = new Set<FormatName>(['github', 'sarif', 'gitlab', 'markdown']);

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** All of standard input, as text (`--stdin`). */
  readStdin: () => Promise<string>;
}

const SEVERITIES = ['off', 'warn', 'error'];

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Colour: --no-color wins, then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal. */
export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean, toFile: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (flag === true) return true;
  return isTTY && !toFile;
}

interface Output {
  format: FormatName;
  file?: string;
}

function parseOutputs(formats: string[] | undefined, outputFile: string | undefined): Output[] {
  const known = Object.keys(FORMATS);
  const list = formats?.length ? formats : ['human'];
  const outputs: Output[] = list.flatMap((f) => f.split(',')).map((spec) => {
    const eq = spec.indexOf('=');
    const format = (eq < 0 ? spec : spec.slice(0, eq)).trim();
    const file = eq < 0 ? undefined : spec.slice(eq + 1);
    if (!known.includes(format)) throw new UsageError(`unknown format "${format}" in --format (known: ${known.join(', ')})`);
    if (file === '') throw new UsageError(`--format ${format}= needs a file path after "="`);
    return { format: format as FormatName, file };
  });
  if (outputFile) {
    const toStdout = outputs.filter((o) => !o.file);
    if (toStdout.length !== 1) throw new UsageError('--output-file needs exactly one --format without "=path" (use --format f=path for several)');
    toStdout[0].file = outputFile;
  }
  return outputs;
}

function parseRuleOverrides(values: string[] | undefined): { id: string; severity: Severity }[] {
  return (values ?? []).map((v) => {
    const eq = v.lastIndexOf('=');
    const id = v.slice(0, eq);
    const severity = v.slice(eq + 1);
    if (eq <= 0 || !SEVERITIES.includes(severity)) {
      throw new UsageError(`invalid --rule "${v}": expected <rule-id>=<off|warn|error>, e.g. --rule otel/http-handler=warn`);
    }
    return { id, severity: severity as Severity };
  });
}

function parseNonNegativeInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} must be a whole number >= 0, got "${v}"`);
  return Number(v);
}

function parsePositiveInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`${flag} must be a whole number >= 1, got "${v}"`);
  return Number(v);
}

function parsePercent(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v.replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0 || n > 100 || v.trim() === '') throw new UsageError(`${flag} must be a percentage between 0 and 100, got "${v}"`);
  return n;
}

export function coveragePercent(result: RunResult): number | undefined {
  let targets = 0;
  let instrumented = 0;
  for (const c of Object.values(result.summary.coverage)) {
    targets += c.targets;
    instrumented += c.instrumented;
  }
  return targets ? (instrumented / targets) * 100 : undefined;
}

interface CheckFlags {
  ignorePattern?: string[];
  printConfig?: string;
  pillar?: string[];
  advisory?: boolean;
  format?: string[];
  outputFile?: string;
  maxWarnings?: string;
  minCoverage?: string;
  rule?: string[];
  config?: string;
  quiet?: boolean;
  color?: boolean;
  verbose?: boolean;
  explain?: boolean;
  cache?: boolean;
  cacheLocation?: string;
  concurrency?: string;
  staged?: boolean;
  changedSince?: string;
  changedLines?: boolean;
  baseline?: string | true;
  updateBaseline?: string | true;
  inlineConfig?: boolean;
  debug?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  unsafe?: boolean;
  stdin?: boolean;
  stdinFilename?: string;
}

/** `--staged` / `--changed-since` / `--changed-lines` / baseline flags that cannot go together. */
function parseChangedAndBaseline(flags: CheckFlags): { changed?: ChangedSelection; baseline?: string; updateBaseline?: string } {
  if (flags.staged && flags.changedSince !== undefined) throw new UsageError('--staged and --changed-since cannot be combined: pick the index (--staged) or a base ref');
  if (flags.changedLines && !flags.staged && flags.changedSince === undefined) {
    throw new UsageError('--changed-lines needs --staged or --changed-since <ref> to know which lines changed');
  }
  const changed = flags.staged || flags.changedSince !== undefined ? { staged: !!flags.staged, since: flags.changedSince, lines: !!flags.changedLines } : undefined;
  const file = (v: string | true | undefined) => (v === true ? DEFAULT_BASELINE : v);
  if (flags.updateBaseline && changed) {
    throw new UsageError('--update-baseline records every finding of the project and cannot be combined with --staged or --changed-since');
  }
  return { changed, baseline: file(flags.baseline), updateBaseline: file(flags.updateBaseline) };
}

/** Passes of `--fix` before it stops (overlapping fixes need one pass each). */
const MAX_FIX_PASSES = 10;

async function runCheck(paths: string[], flags: CheckFlags, io: Io): Promise<number> {
  const outputs = parseOutputs(flags.format, flags.outputFile);
  const maxWarnings = parseNonNegativeInt('--max-warnings', flags.maxWarnings);
  const minCoverage = parsePercent('--min-coverage', flags.minCoverage);
  const pillars = flags.pillar?.flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
  const { changed, baseline, updateBaseline } = parseChangedAndBaseline(flags);
  if (flags.fix && flags.fixDryRun) throw new UsageError('--fix writes the fixes and --fix-dry-run prints them: pick one');
  if (flags.unsafe && !flags.fix && !flags.fixDryRun) throw new UsageError('--unsafe adds the suggestions to --fix or --fix-dry-run: add one of them');
  if ((flags.fix || flags.fixDryRun) && (flags.stdin || updateBaseline)) {
    throw new UsageError(`${flags.fix ? '--fix' : '--fix-dry-run'} cannot be combined with ${flags.stdin ? '--stdin' : '--update-baseline'}`);
  }
  if (flags.stdinFilename !== undefined && !flags.stdin) throw new UsageError('--stdin-filename names the text read with --stdin: add --stdin');
  if (flags.stdin && (changed || updateBaseline)) {
    throw new UsageError(`--stdin analyses one text and cannot be combined with ${changed ? (flags.staged ? '--staged' : '--changed-since') : '--update-baseline'}`);
  }
  if (flags.printConfig !== undefined) {
    io.stdout(await printConfig({ cwd: io.cwd, configPath: flags.config, pillars, ruleOverrides: parseRuleOverrides(flags.rule), ignorePatterns: flags.ignorePattern }, flags.printConfig));
    return 0;
  }
  const progress = wantsProgress({
    env: io.env,
    stderrIsTTY: io.stderrIsTTY,
    stdoutIsTTY: io.stdoutIsTTY,
    stdoutFormats: outputs.filter((o) => !o.file).map((o) => o.format),
    quiet: !!flags.quiet,
  })
    ? progressRenderer(io.stderr)
    : undefined;
  const debug = flags.debug ? new DebugLog() : undefined;
  const stdin = flags.stdin ? { text: await io.readStdin(), ...(flags.stdinFilename !== undefined ? { filename: flags.stdinFilename } : {}) } : undefined;
  const options: Parameters<typeof check>[0] = {
    cwd: io.cwd,
    debug,
    stdin,
    onNote: (m) => io.stderr(`check-doctrines: ${m}\n`),
    paths,
    configPath: flags.config,
    pillars: pillars?.length ? pillars : undefined,
    ruleOverrides: parseRuleOverrides(flags.rule),
    advisory: !!flags.advisory,
    // The html report lists every target with its evidence, as --explain does.
    explain: !!flags.explain || outputs.some((o) => o.format === 'html'),
    suggestions: !!flags.unsafe,
    cache: flags.cache !== false,
    cacheLocation: flags.cacheLocation ? path.resolve(io.cwd, flags.cacheLocation) : undefined,
    concurrency: parsePositiveInt('--concurrency', flags.concurrency),
    onDiagnostic: flags.verbose
      ? (m) => {
          progress?.end();
          io.stderr(`${m}\n`);
        }
      : undefined,
    onProgress: progress && ((e) => progress.update(e)),
    inlineConfig: flags.inlineConfig !== false,
    ignorePatterns: flags.ignorePattern,
    baseline,
    updateBaseline,
    changed,
  };
  let result = await check(options).finally(() => progress?.end());
  // The fixes' code (and the diff library) only for runs that fix.
  const { fixesDiff, planFixes, writeFixes } = flags.fixDryRun || flags.fix ? await import('./engine/fix.js') : ({} as typeof import('./engine/fix.js'));
  if (flags.fixDryRun) {
    // The fixes of this run as a diff; nothing is written and no report is printed.
    io.stdout(fixesDiff(planFixes(io.cwd, result.findings, !!flags.unsafe)));
    return 0;
  }
  if (flags.fix) {
    // Applied in passes until none is left (a fix that overlaps another waits for the next pass); each pass
    // re-checks the project from the cache, so only the fixed files are analysed again.
    let fixed = 0;
    const files = new Set<string>();
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const fixes = planFixes(io.cwd, result.findings, !!flags.unsafe);
      if (!fixes.length) break;
      writeFixes(io.cwd, fixes);
      for (const f of fixes) {
        fixed += f.fixed;
        files.add(f.file);
      }
      result = await check({ ...options, onProgress: undefined });
    }
    if (fixed) io.stderr(`check-doctrines: fixed ${fixed} finding(s) in ${files.size} file(s)\n`);
  }
  // The compiler as this run compiled it, kept for the next run's start-up (lib/ts.cjs; only with the cache on).
  // A run answered from the result cache never loaded the compiler: nothing to keep then, and loading it
  // here only to find that out would cost a warm run most of its time.
  if (flags.cache !== false && compilerLoaded()) (await import('#ts')).saveCodeCache();
  const rules = ruleInfos(await loadCatalog(), result.pillars);
  // Code hosts place annotations by paths from the repository root (a run from packages/api names packages/api/src/app.ts).
  const root = outputs.some((o) => CODE_HOST_FORMATS.has(o.format)) ? repositoryRoot(io.cwd) : undefined;
  const repository = root ? { root, prefix: toPosix(path.relative(root, path.resolve(io.cwd))) } : undefined;
  // In GitHub Actions or GitLab CI, markdown locations link to the lines at the analysed commit.
  const blobBase = repository ? sourceLinkBase(io.env) : undefined;
  // Code frames of the human format: each reported file read once, as it is now (a --stdin text as given).
  const stdinShown = stdin ? displayPath(io.cwd, stdinFile(io.cwd, stdin.filename)) : undefined;
  const source = (file: string): string | undefined => {
    if (file === stdinShown) return stdin!.text;
    try {
      return fs.readFileSync(path.resolve(io.cwd, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  const html = outputs.some((o) => o.format === 'html') ? htmlContext(io.cwd) : undefined;
  const reporting = performance.now();
  for (const out of outputs) {
    const color = useColor(flags.color, io.env, io.stdoutIsTTY, !!out.file);
    // Targets gathered for an html report are not the other formats' to show unless --explain asked for them.
    const shown = result.targets && !flags.explain && out.format !== 'html' ? withoutTargets(result) : result;
    const text = FORMATS[out.format](shown, { color, explain: !!flags.explain, quiet: !!flags.quiet, rules, homepage: TOOL_HOMEPAGE, repository, source, blobBase, ...html });
    if (out.file) writeWhole(path.resolve(io.cwd, out.file), text);
    else io.stdout(text);
  }
  if (debug) {
    debug.phase('report', performance.now() - reporting, outputs.map((o) => o.format).join(', '));
    debug.phase('total', result.summary.durationMs + (performance.now() - reporting));
    io.stderr(debug.format());
  }
  // GitHub shows only 10 annotations of each level per step: the step summary carries the rest.
  if (outputs.some((o) => o.format === 'github') && io.env.GITHUB_STEP_SUMMARY) {
    try {
      fs.appendFileSync(io.env.GITHUB_STEP_SUMMARY, formatMarkdown(fromRepositoryRoot(result, { repository }), { blobBase }));
    } catch (err) {
      io.stderr(`check-doctrines: cannot append to GITHUB_STEP_SUMMARY (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})\n`);
    }
  }
  // Writing a baseline accepts today's findings: it is not a check, so it exits 0 whatever the gates say.
  if (updateBaseline) {
    io.stderr(`check-doctrines: wrote ${result.summary.baselined} finding(s) to ${updateBaseline}; runs with --baseline ${updateBaseline} report only new ones\n`);
    return 0;
  }
  if (result.baseline?.fixed && !flags.quiet) {
    io.stderr(
      `check-doctrines: ${result.baseline.fixed} of ${result.baseline.entries} entries of ${result.baseline.file} no longer occur; run --update-baseline ${result.baseline.file} to drop them\n`,
    );
  }
  let code = result.summary.errors > 0 ? 1 : 0;
  if (maxWarnings !== undefined && result.summary.warnings > maxWarnings) {
    io.stderr(`check-doctrines: ${result.summary.warnings} warnings exceed --max-warnings ${maxWarnings}\n`);
    code = 1;
  }
  const pct = coveragePercent(result);
  if (minCoverage !== undefined && pct !== undefined && pct < minCoverage) {
    io.stderr(`check-doctrines: instrumentation coverage ${pct.toFixed(1)}% is below --min-coverage ${minCoverage}%\n`);
    code = 1;
  }
  // Advisory never fails the run; the gates above still say on stderr what a blocking run would do.
  return flags.advisory ? 0 : code;
}

function withoutTargets(result: RunResult): RunResult {
  const { targets: _, ...rest } = result;
  return rest;
}

/** What the html report groups by besides paths: each file's package (nearest package.json) and CODEOWNERS owners. */
function htmlContext(cwd: string): { packageOf: (file: string) => { name: string; path: string } | undefined; ownersOf?: (file: string) => string[] } {
  const scopes = new PackageScopes();
  const packageOf = (file: string) => {
    const scope = scopes.of(path.resolve(cwd, file));
    if (!scope) return undefined;
    // A package above the working directory holds every reported file: the tree starts at the working directory.
    const rel = toPosix(path.relative(cwd, scope.dir));
    const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    return { name: scope.name ?? (inside ? rel : path.basename(scope.dir)), path: inside ? rel : '.' };
  };
  return { packageOf, ownersOf: repositoryCodeowners(cwd)?.ownersOf };
}

function listRules(catalog: Catalog): string {
  const lines: string[] = [];
  const width = Math.max(...catalog.all.map((r) => r.meta.id.length));
  for (const p of catalog.pillars) {
    lines.push(`${p.id} — ${p.description}`);
    for (const r of p.rules) lines.push(`  ${r.meta.id.padEnd(width)}  ${r.meta.defaultSeverity.padEnd(5)}  ${r.meta.description}`);
    lines.push('');
  }
  lines.push('doctrines — checks of the engine itself (always on)');
  for (const r of catalog.core) lines.push(`  ${r.meta.id.padEnd(width)}  ${r.meta.defaultSeverity.padEnd(5)}  ${r.meta.description}`);
  return `${lines.join('\n')}\n`;
}

function ruleDoc(id: string): string | undefined {
  const doc = path.join(PACKAGE_ROOT, 'rules', `${id}.md`);
  return fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : undefined;
}

/** Rules of the selected pillars plus the engine's own, with their docs, for reports that list rules (SARIF). */
function ruleInfos(catalog: Catalog, pillars: string[]): RuleInfo[] {
  return catalog.all.filter((r) => catalog.core.includes(r) || pillars.includes(r.meta.pillar)).map((r) => ({
    id: r.meta.id,
    pillar: r.meta.pillar,
    description: r.meta.description,
    defaultSeverity: r.meta.defaultSeverity,
    help: r.meta.help,
    doc: ruleDoc(r.meta.id),
    ...(ruleDocsUrl(r.meta.id) ? { docsUrl: ruleDocsUrl(r.meta.id) } : {}),
  }));
}

function explainRule(catalog: Catalog, id: string): string {
  const rule = catalog.all.find((r) => r.meta.id === id);
  if (!rule) throw new UsageError(`unknown rule "${id}" (known: ${catalog.all.map((r) => r.meta.id).join(', ')})`);
  const doc = path.join(PACKAGE_ROOT, 'rules', `${id}.md`);
  const text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : `# ${id}\n\n${rule.meta.description}\n`;
  return text.endsWith('\n') ? text : `${text}\n`;
}

export async function main(argv: string[], ioOverrides: Partial<Io> = {}): Promise<number> {
  const io: Io = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
    readStdin: readAll,
    ...ioOverrides,
  };
  const verbose = argv.includes('--verbose');
  let exitCode = 0;
  const program = new Command()
    .name('check-doctrines')
    .description('Static analysis that makes observability a build requirement.')
    .version(TOOL_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      // Commander's own errors are turned into our one-line exit-2 message below.
      writeErr: () => {},
    })
    .showSuggestionAfterError(true);

  program
    .command('check [paths...]', { isDefault: true })
    .description('analyse files and folders (default: the current directory)')
    .option('--pillar <ids>', 'pillars to run, comma-separated or repeated (default: config, else all)', collect)
    .option('--advisory', 'report everything as warnings and exit 0 (pre-commit use)')
    .option('--format <format>', `output format: ${Object.keys(FORMATS).join(', ')}; repeat as format=path for several`, collect)
    .option('-o, --output-file <path>', 'write the report to a file instead of stdout')
    .option('--max-warnings <n>', 'exit 1 when warnings exceed n')
    .option('--min-coverage <pct>', 'exit 1 when instrumentation coverage of the selected pillars is below pct')
    .option('--rule <id=severity>', 'override a rule severity for this run (repeatable)', collect)
    .option('-c, --config <file>', 'use this config file instead of discovery')
    .option('-q, --quiet', 'report errors only')
    .addOption(new Option('--color', 'force colour').hideHelp())
    .option('--no-color', 'disable colour (NO_COLOR and FORCE_COLOR are honoured too)')
    .option('--verbose', 'print diagnostics, and stack traces for internal errors')
    .option('--explain', 'show, for every target, why it counts as instrumented or not')
    .option('--cache', 'reuse summaries of unchanged files (default)')
    .option('--no-cache', 'analyse every file afresh and leave the cache untouched')
    .option('--cache-location <dir>', 'cache folder (default: node_modules/.cache/check-doctrines)')
    .option('--concurrency <n>', 'threads for per-file analysis (default: one per core beyond two; workers start only for large runs)')
    .option('--staged', 'report only findings in files staged in git (the analysis still covers the project)')
    .option('--changed-since <ref>', 'report only findings in files changed since the merge base of <ref> and HEAD, uncommitted changes included')
    .option('--changed-lines', 'with --staged or --changed-since: report only findings whose lines changed')
    .option('--baseline [file]', `report only findings not in the baseline file (default ${DEFAULT_BASELINE})`)
    .option('--update-baseline [file]', `write today's findings to the baseline file (default ${DEFAULT_BASELINE}) and exit 0`)
    .option('--no-inline-config', 'ignore doctrines-disable comments')
    .option('--ignore-pattern <glob>', 'also exclude files matching this glob, relative to the working directory (repeatable)', collect)
    .option('--fix', 'apply the safe fixes (behaviour-preserving: structured log messages, span lifecycle) to the reported files, then report what is left')
    .option('--fix-dry-run', 'print the safe fixes as a unified diff and write nothing')
    .option('--unsafe', 'with --fix or --fix-dry-run: also the suggestions that add telemetry to uninstrumented handlers')
    .option('--stdin', 'analyse text read from standard input (with --stdin-filename: as that file of the project, reporting its findings only)')
    .option('--stdin-filename <path>', 'the file the --stdin text stands for, relative to the working directory (it need not exist)')
    .option('--daemon', 'answer through the daemon serving this folder, starting one when none does (not in CI); for hooks')
    .option('--no-daemon', 'analyse in this process even when a daemon serves this folder (check-doctrines daemon start)')
    .option('--debug', 'print the config and cache used, cache hits, and time per phase and per rule (stderr)')
    .option('--print-config <file>', 'print the configuration applied to this file as JSON, and whether it is analysed; analyse nothing')
    .action(async (paths: string[], flags: CheckFlags) => {
      exitCode = await runCheck(paths, flags, io);
    });

  program
    .command('lsp')
    .description('language server for editors (Language Server Protocol): diagnostics across files, hover, quick fixes')
    .option('--stdio', 'speak LSP over standard input and output')
    .action(async (flags: { stdio?: boolean }) => {
      if (!flags.stdio) throw new UsageError('lsp speaks over standard input and output: run `check-doctrines lsp --stdio` (editors start it so)');
      const { startServer } = await import('./lsp/server.js');
      // Runs until the client sends `exit`; the report's exit code is not this command's.
      startServer();
    });

  program
    .command('daemon <action>')
    .description('start, stop or show (status) a resident process that answers runs in this folder at once')
    .option('--idle <minutes>', 'with start: stop after this many minutes without a run', '180')
    .action(async (action: string, flags: { idle: string }) => {
      const { daemonCommand } = await import('./daemon/command.js');
      const idle = Number(flags.idle);
      if (!Number.isFinite(idle) || idle <= 0) throw new UsageError(`--idle expects a number of minutes above 0, got "${flags.idle}"`);
      exitCode = await daemonCommand(action, { cwd: io.cwd, idleMinutes: idle, stdout: io.stdout, stderr: io.stderr });
    });

  program
    .command('catalog [paths...]')
    .description('list every span, metric, event, log record and attribute key the code emits (with --changed-since: what changed)')
    .option('--format <format>', 'output format: human, json, markdown', 'human')
    .option('-o, --output-file <path>', 'write the catalogue to a file instead of stdout')
    .option('--changed-since <ref>', 'also list what was added, removed or changed since the merge base of <ref> and HEAD')
    .option('-c, --config <file>', 'use this config file instead of discovery')
    .option('--ignore-pattern <glob>', 'also exclude files matching this glob (repeatable)', collect)
    .option('--targets', 'also name the targets (handlers, actors, pages) that emit each entry (runs the analysis)')
    .option('--no-cache', 'with --targets: analyse every file afresh')
    .action(async (paths: string[], flags: { format: string; outputFile?: string; changedSince?: string; config?: string; ignorePattern?: string[]; targets?: boolean; cache?: boolean }) => {
      const { CATALOG_FORMATS, formatCatalog } = await import('./reporters/catalog.js');
      if (!(CATALOG_FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`unknown format "${flags.format}" in catalog --format (known: ${CATALOG_FORMATS.join(', ')})`);
      const { buildCatalog } = await import('./engine/telemetry-catalog.js');
      const catalog = await buildCatalog({
        cwd: io.cwd,
        paths,
        configPath: flags.config,
        changedSince: flags.changedSince,
        ignorePatterns: flags.ignorePattern,
        targets: !!flags.targets,
        cache: flags.cache !== false,
      });
      const text = formatCatalog(catalog, flags.format as (typeof CATALOG_FORMATS)[number]);
      if (flags.outputFile) writeWhole(path.resolve(io.cwd, flags.outputFile), text);
      else io.stdout(text);
    });

  program
    .command('rules')
    .description('list pillars and rules with their default severities')
    .action(async () => {
      io.stdout(listRules(await loadCatalog()));
    });

  program
    .command('init')
    .description('write a starter .doctrinesrc.json here and print pre-commit hook snippets')
    .option('--force', 'write the config even if one already exists')
    .action(async (flags: { force?: boolean }) => {
      const pillars = (await loadCatalog()).pillars.map((p) => p.id);
      const { file, others, used } = initConfig({ cwd: io.cwd, force: !!flags.force, pillars });
      const lines = [`Wrote ${path.relative(io.cwd, file) || file}`];
      if (others.length) lines.push(`Note: also found ${others.join(', ')}; discovery uses only ${used}, so remove the config files you do not want.`);
      io.stdout(`${lines.join('\n')}\n\n${hookSnippets(pillars)}`);
    });

  program
    .command('explain <rule-id>')
    .description("print a rule's documentation with bad and good examples")
    .action(async (id: string) => {
      io.stdout(explainRule(await loadCatalog(), id));
    });

  // Top-level help is the analysis's help (what people run) with every option, then the other commands, as
  // ESLint and Biome show theirs; `check-doctrines <command> --help` stays each command's own.
  const checkCommand = program.commands.find((c) => c.name() === 'check')!;
  program.helpInformation = () => {
    const width = Math.max(...checkCommand.options.filter((o) => !o.hidden).map((o) => o.flags.length));
    const own = checkCommand
      .helpInformation()
      .replace(/^Usage: check-doctrines check \[options\] \[paths\.\.\.\]/, 'Usage: check-doctrines [paths...] [options]')
      .replace(/\nOptions:\n/, `\nOptions:\n  ${'-V, --version'.padEnd(width)}  print the version\n`);
    const others = program.commands
      .filter((c) => c !== checkCommand && c.name() !== 'help')
      .map((c) => `  ${`${c.name()} ${c.usage().replace('[options]', '').trim()}`.trim().padEnd(width)}  ${c.description()}`);
    return `${own}\nOther commands (check-doctrines <command> --help for their options):\n${others.join('\n')}\n`;
  };

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      const msg = err.message.replace(/^error:\s*/, '').split('\n').filter(Boolean).join(' ');
      io.stderr(`check-doctrines: ${escapeControls(msg)} (see check-doctrines --help)\n`);
      return 2;
    }
    // One line, whatever the message quotes (a ref or path with a newline, a file's bytes).
    if (err instanceof UsageError) {
      io.stderr(`check-doctrines: ${escapeControls(err.message)}\n`);
      return 2;
    }
    const e = err as Error;
    io.stderr(`check-doctrines: internal error: ${escapeControls(e?.message ?? String(err))}${verbose ? '' : ' (run with --verbose for details)'}\n`);
    if (verbose && e?.stack) io.stderr(`${e.stack}\n`);
    return 2;
  }
}

/** Standard input, whole, as UTF-8 (an empty string when it is closed or a terminal sends end-of-file). */
async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
