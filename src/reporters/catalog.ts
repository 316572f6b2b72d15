// The telemetry catalogue (`check-doctrines catalog`) as text: human (a list per kind), json (the catalogue
// object, schemas/catalog.schema.json) and markdown (tables for a pull request's description). Pure functions.
import type { CatalogEntry, CatalogKind, TelemetryCatalog } from '../engine/telemetry-catalog.js';
import { escapeControls } from './terminal-safe.js';

export const CATALOG_FORMATS = ['human', 'json', 'markdown'] as const;
export type CatalogFormat = (typeof CATALOG_FORMATS)[number];

const TITLES: Record<CatalogKind, string> = { span: 'Spans', metric: 'Metrics', event: 'Events', log: 'Log records', attribute: 'Attribute keys' };
const KINDS = Object.keys(TITLES) as CatalogKind[];
const ONE: Record<CatalogKind, string> = { span: 'span', metric: 'metric', event: 'event', log: 'log record', attribute: 'attribute key' };

export function formatCatalog(c: TelemetryCatalog, format: CatalogFormat): string {
  if (format === 'json') return `${JSON.stringify(c, null, 2)}\n`;
  return format === 'markdown' ? markdown(c) : human(c);
}

const where = (e: CatalogEntry) => e.locations.map((l) => `${l.file}:${l.line}`);
const metricShape = (e: CatalogEntry) => [e.instrument, e.unit !== undefined ? `unit ${e.unit || '""'}` : undefined].filter(Boolean).join(', ');

function human(c: TelemetryCatalog): string {
  const safe = escapeControls;
  const lines: string[] = [];
  if (c.changes) {
    const ch = c.changes;
    lines.push(`Telemetry changes since ${safe(ch.base)}: ${ch.added.length} added, ${ch.removed.length} removed, ${ch.changed.length} changed`);
    for (const e of ch.added) lines.push(`  + ${e.kind} ${safe(e.name)}  ${where(e).slice(0, 3).join(', ')}`);
    for (const e of ch.removed) lines.push(`  - ${e.kind} ${safe(e.name)}`);
    for (const e of ch.changed) lines.push(`  ~ ${e.kind} ${safe(e.name)}: ${safe(JSON.stringify(e.before))} -> ${safe(JSON.stringify(e.after))}`);
    lines.push('');
  }
  for (const kind of KINDS) {
    const list = c.entries.filter((e) => e.kind === kind);
    if (!list.length) continue;
    lines.push(`${TITLES[kind]} (${list.length})`);
    for (const e of list) {
      const shape = kind === 'metric' ? metricShape(e) : '';
      const via = [...new Set(e.locations.flatMap((l) => l.via?.[0] ?? []))];
      const targets = [...new Set(e.locations.flatMap((l) => l.targets ?? []))];
      const locs = where(e);
      lines.push(
        `  ${safe(e.name)}${shape ? `  [${shape}]` : ''}${e.dynamic ? '  (built at run time)' : ''}${via.length ? `  via ${safe(via.join(', '))}` : ''}  ${safe(locs.slice(0, 3).join(', '))}${locs.length > 3 ? ` +${locs.length - 3} more` : ''}${targets.length ? `  emitted by ${safe(targets.slice(0, 3).join(', '))}${targets.length > 3 ? ` +${targets.length - 3} more` : ''}` : ''}`,
      );
    }
    lines.push('');
  }
  if (c.registry) {
    lines.push(`Declared in the registry (${c.registry.path}) but never emitted (${c.registry.notEmitted.length})`);
    for (const r of c.registry.notEmitted) lines.push(`  ${r.kind} ${safe(r.name)}`);
    lines.push('');
  }
  const counts = KINDS.map((k) => {
    const n = c.entries.filter((e) => e.kind === k).length;
    return `${n} ${n === 1 ? ONE[k] : TITLES[k].toLowerCase()}`;
  }).join(', ');
  lines.push(`${counts} (${c.files === 1 ? '1 file' : `${c.files} files`})`);
  return `${lines.join('\n')}\n`;
}

const cell = (s: string) => escapeControls(s).replace(/\|/g, '\\|').replace(/`/g, "'");
const code = (s: string) => `\`${cell(s)}\``;

function table(entries: CatalogEntry[]): string[] {
  const out = ['| kind | name | details | where |', '| --- | --- | --- | --- |'];
  for (const e of entries) {
    const details = [e.kind === 'metric' ? metricShape(e) : '', e.dynamic ? 'built at run time' : '', e.description ? cell(e.description) : ''].filter(Boolean).join('; ');
    const locs = where(e);
    out.push(`| ${e.kind} | ${code(e.name)} | ${details} | ${cell(locs.slice(0, 3).join(', '))}${locs.length > 3 ? ` +${locs.length - 3}` : ''} |`);
  }
  return out;
}

function markdown(c: TelemetryCatalog): string {
  const out: string[] = [];
  if (c.changes) {
    const ch = c.changes;
    out.push(`### Telemetry changes since \`${cell(ch.base)}\``, '');
    if (!ch.added.length && !ch.removed.length && !ch.changed.length) out.push('No span, metric, event, log record or attribute key added, removed or changed.', '');
    if (ch.added.length) out.push(`**Added (${ch.added.length})**`, '', ...table(ch.added), '');
    if (ch.removed.length) out.push(`**Removed (${ch.removed.length})**`, '', ...table(ch.removed), '');
    if (ch.changed.length) {
      out.push(`**Changed (${ch.changed.length})**`, '', '| kind | name | before | after |', '| --- | --- | --- | --- |');
      for (const e of ch.changed) out.push(`| ${e.kind} | ${code(e.name)} | ${cell(JSON.stringify(e.before))} | ${cell(JSON.stringify(e.after))} |`);
      out.push('');
    }
    return `${out.join('\n')}\n`;
  }
  out.push('### Telemetry catalogue', '');
  out.push(KINDS.map((k) => `${c.entries.filter((e) => e.kind === k).length} ${TITLES[k].toLowerCase()}`).join(' · '), '');
  if (c.entries.length) out.push(...table(c.entries), '');
  if (c.registry?.notEmitted.length) {
    out.push(`**In the registry, never emitted (${c.registry.notEmitted.length})**`, '');
    for (const r of c.registry.notEmitted) out.push(`- ${r.kind} ${code(r.name)}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
