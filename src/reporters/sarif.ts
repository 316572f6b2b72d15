import { pathToFileURL } from 'node:url';
import type { Finding, RunResult } from '../types.js';
import { byPosition, rulesFor, type RuleInfo } from './rules.js';

export interface SarifOptions {
  /** Every rule of the selected pillars (and the engine's own), so each run lists its rules with help. */
  rules?: RuleInfo[];
  /** The tool's homepage (package.json `homepage`), shown by code hosts as `informationUri`. */
  homepage?: string;
  /** The repository's top folder, which `%SRCROOT%` stands for (`originalUriBaseIds`), when the run is in a git work tree. */
  root?: string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Key of our fingerprint in `partialFingerprints`; bump the version if the fingerprint recipe changes. */
export const FINGERPRINT_KEY = 'checkDoctrines/v1';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it.
 *
 * One run per pillar, each with its own `automationDetails.id` (`check-doctrines/<pillar>/`): code
 * scanning keys alerts by tool and category, so a pillar's alerts close when a later upload of that
 * pillar no longer reports them, and runs of different pillars never overwrite each other. A run is
 * emitted for every selected pillar even with no results, because an empty run is what closes the
 * alerts that were fixed. Paths are relative to the checkout (`%SRCROOT%`), which is what code
 * scanning needs to place results on files.
 */
export function formatSarif(result: RunResult, opts: SarifOptions = {}): string {
  const rules = rulesFor(result.findings, opts.rules);
  const pillars = unique([...result.pillars, ...rules.map((r) => r.pillar), ...result.findings.map((f) => f.pillar)]);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: pillars.map((pillar) =>
      sarifRun(
        result,
        pillar,
        rules.filter((r) => r.pillar === pillar),
        result.findings.filter((f) => f.pillar === pillar),
        opts.homepage,
        opts.root,
      ),
    ),
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function sarifRun(result: RunResult, pillar: string, rules: RuleInfo[], findings: Finding[], homepage: string | undefined, root: string | undefined) {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    ...(root ? { originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(root).href.replace(/\/?$/, '/')}` } } } : {}),
    tool: {
      driver: {
        name: result.tool.name,
        version: result.tool.version,
        semanticVersion: result.tool.version,
        ...(homepage ? { informationUri: homepage } : {}),
        rules: rules.map(sarifRule),
      },
    },
    automationDetails: { id: `${result.tool.name}/${pillar}/` },
    columnKind: 'utf16CodeUnits',
    results: [...findings].sort(byPosition).map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      level: level(f.severity),
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: fileUri(f.file), uriBaseId: '%SRCROOT%' },
            region: region(f),
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
      ...(f.fix ? { fixes: [sarifFix(f)] } : {}),
    })),
  };
}

/** A finding's safe fix as SARIF: its edits as replacements in the finding's file (columns end-exclusive, as SARIF's). */
function sarifFix(f: Finding) {
  return {
    description: { text: 'Safe fix (check-doctrines --fix)' },
    artifactChanges: [
      {
        artifactLocation: { uri: fileUri(f.file), uriBaseId: '%SRCROOT%' },
        replacements: f.fix!.edits.map((e) => ({
          deletedRegion: { startLine: e.range.start.line, startColumn: e.range.start.column, endLine: e.range.end.line, endColumn: e.range.end.column },
          insertedContent: { text: e.text },
        })),
      },
    ],
  };
}

function sarifRule(rule: RuleInfo) {
  const helpText = rule.help ? `${rule.description}\n\nHow to fix: ${rule.help}` : rule.description;
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    help: {
      text: helpText,
      markdown: rule.doc ?? (rule.help ? `${rule.description}\n\n**How to fix:** ${rule.help}` : rule.description),
    },
    ...(rule.docsUrl ? { helpUri: rule.docsUrl } : {}),
    // A rule off by default (on at warn when configured): SARIF's `enabled: false`.
    defaultConfiguration: rule.defaultSeverity === 'off' ? { level: 'warning', enabled: false } : { level: level(rule.defaultSeverity) },
    properties: { tags: ['observability', rule.pillar] },
  };
}

function level(severity: 'off' | 'warn' | 'error'): 'error' | 'warning' {
  return severity === 'error' ? 'error' : 'warning';
}

/** A full region when the finding has a sane end; otherwise the start alone (a point is still placed). */
function region(f: Finding) {
  const start = { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) };
  const endOk = f.endLine > start.startLine || (f.endLine === start.startLine && f.endColumn > start.startColumn);
  return endOk ? { ...start, endLine: f.endLine, endColumn: f.endColumn } : start;
}

/**
 * A relative URI reference for a POSIX path: each segment percent-encoded, so Next.js folders like
 * `app/[id]/page.tsx` or names with spaces are valid URIs that decode back to the path.
 */
export function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** `otel/http-handler` → `OtelHttpHandler`: SARIF's `name` is an identifier-like, human-readable rule name. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
