// A team's telemetry registry in OpenTelemetry Weaver's format (`telemetry.registry`): a folder of YAML files
// whose `groups` declare spans, metrics, events and attribute groups. Read once when the config is loaded,
// into the names the rules and the catalogue compare the code with. Any problem is a one-line UsageError.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { UsageError } from '../errors.js';

/** The names a registry declares. Plain data (it travels to worker threads inside the resolved config). */
export interface RegistryNames {
  /** The folder, absolute. */
  path: string;
  spans: string[];
  metrics: string[];
  events: string[];
  /** Attribute ids (`attributes: [{ id }]`, and `ref`s to attributes defined elsewhere). */
  attributes: string[];
  /** Template attributes (`type: template[string]`): any key under `<id>.` is declared. */
  attributePrefixes: string[];
}

interface Group {
  id?: unknown;
  type?: unknown;
  metric_name?: unknown;
  name?: unknown;
  prefix?: unknown;
  attributes?: unknown;
}

/** Read every `*.yaml` / `*.yml` under `dir` (recursively) and collect what its groups declare. */
export function loadRegistry(dir: string, from: string): RegistryNames {
  const where = `"telemetry.registry" in ${from}`;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new UsageError(`${where}: no such folder: ${dir}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${where}: not a folder (a Weaver registry is a folder of YAML files): ${dir}`);
  const files = yamlFiles(dir);
  if (!files.length) throw new UsageError(`${where}: no YAML files in ${dir}`);
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const names = { spans: new Set<string>(), metrics: new Set<string>(), events: new Set<string>(), attributes: new Set<string>(), prefixes: new Set<string>() };
  let groups = 0;
  for (const file of files) {
    const rel = path.relative(dir, file);
    let doc: unknown;
    try {
      doc = parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`${where}: cannot parse ${rel}: ${String((err as Error).message).split('\n')[0]}`);
    }
    if (doc === null || doc === undefined) continue;
    const list = (doc as { groups?: unknown }).groups;
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new UsageError(`${where}: ${rel}: "groups" must be a list`);
    for (const [i, g] of (list as Group[]).entries()) {
      if (!g || typeof g !== 'object' || typeof g.id !== 'string') throw new UsageError(`${where}: ${rel}: groups[${i}] needs an "id"`);
      groups++;
      const id = g.id;
      const prefix = typeof g.prefix === 'string' && g.prefix ? `${g.prefix}.` : '';
      switch (g.type) {
        case 'span':
          names.spans.add(typeof g.name === 'string' ? g.name : id.replace(/^span\./, ''));
          break;
        case 'metric':
          if (typeof g.metric_name !== 'string') throw new UsageError(`${where}: ${rel}: metric group "${id}" needs a "metric_name"`);
          names.metrics.add(g.metric_name);
          break;
        case 'event':
          names.events.add(typeof g.name === 'string' ? g.name : id.replace(/^event\./, ''));
          break;
      }
      if (g.attributes === undefined) continue;
      if (!Array.isArray(g.attributes)) throw new UsageError(`${where}: ${rel}: "attributes" of group "${id}" must be a list`);
      for (const a of g.attributes as Record<string, unknown>[]) {
        const key = typeof a?.id === 'string' ? prefix + a.id : typeof a?.ref === 'string' ? a.ref : undefined;
        if (!key) throw new UsageError(`${where}: ${rel}: an attribute of group "${id}" needs an "id" or a "ref"`);
        if (typeof a.type === 'string' && a.type.startsWith('template')) names.prefixes.add(key);
        else names.attributes.add(key);
      }
    }
  }
  if (!groups) throw new UsageError(`${where}: no "groups" in the YAML files of ${dir}`);
  const sorted = (s: Set<string>) => [...s].sort();
  return { path: dir, spans: sorted(names.spans), metrics: sorted(names.metrics), events: sorted(names.events), attributes: sorted(names.attributes), attributePrefixes: sorted(names.prefixes) };
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Whether the registry declares an attribute key (exactly, or under a template attribute). */
export function registryHasAttribute(r: RegistryNames, key: string): boolean {
  return r.attributes.includes(key) || r.attributePrefixes.some((p) => key === p || key.startsWith(`${p}.`));
}

/** Whether the registry declares a span, metric, event or attribute key of this name. */
export function registered(r: RegistryNames, kind: 'span' | 'metric' | 'event' | 'log' | 'attribute', name: string): boolean {
  if (kind === 'span') return r.spans.includes(name);
  if (kind === 'metric') return r.metrics.includes(name);
  if (kind === 'event') return r.events.includes(name);
  if (kind === 'attribute') return registryHasAttribute(r, name);
  return true;
}
