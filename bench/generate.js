// Deterministic generator of a realistic multi-framework TypeScript codebase for benchmarking:
// Express routers, NestJS controllers and services, queue workers, React pages, utilities and a
// telemetry module, with imports across files. Same seed, same files, byte for byte.
import fs from 'node:fs';
import path from 'node:path';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['order', 'user', 'invoice', 'payment', 'cart', 'product', 'shipment', 'refund', 'account', 'report', 'session', 'ticket', 'review', 'coupon', 'stock'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);

function utilFile(r, i) {
  const lines = [`// utility module ${i}`, `export interface Options${i} { retries: number; timeoutMs: number; label?: string }`, ''];
  const n = 6 + Math.floor(r() * 8);
  for (let k = 0; k < n; k++) {
    lines.push(
      `export function helper${i}_${k}(input: string[], opts: Options${i} = { retries: 3, timeoutMs: 1000 }): string {`,
      `  const out: string[] = [];`,
      `  for (const item of input) {`,
      `    if (item.length > opts.retries) out.push(item.trim().toLowerCase());`,
      `    else if (opts.label) out.push(\`\${opts.label}:\${item}\`);`,
      `  }`,
      `  return out.sort((a, b) => a.localeCompare(b)).join(',');`,
      `}`,
      '',
    );
  }
  lines.push(`export const DEFAULTS_${i} = Object.freeze({ retries: ${1 + (i % 5)}, timeoutMs: ${100 * (1 + (i % 9))} });`, '');
  return lines.join('\n');
}

function serviceFile(r, i, utils) {
  const noun = NOUNS[i % NOUNS.length];
  const N = cap(noun);
  const u = utils[Math.floor(r() * utils.length)];
  const emits = r() < 0.5;
  return [
    `import { helper${u}_0 } from '../utils/util${u}';`,
    `import { tracer, requestCounter } from '../telemetry';`,
    '',
    `export interface ${N}${i} { id: string; name: string; createdAt: Date; tags: string[] }`,
    '',
    `export class ${N}Service${i} {`,
    `  private readonly items = new Map<string, ${N}${i}>();`,
    '',
    `  async find(id: string): Promise<${N}${i} | undefined> {`,
    emits ? `    return tracer.startActiveSpan('${noun}.find', async (span) => { span.end(); return this.items.get(id); });` : `    return this.items.get(id);`,
    `  }`,
    '',
    `  async create(input: Omit<${N}${i}, 'createdAt'>): Promise<${N}${i}> {`,
    `    const item = { ...input, createdAt: new Date(), tags: helper${u}_0(input.tags).split(',') };`,
    `    this.items.set(item.id, item);`,
    emits ? `    requestCounter.add(1, { entity: '${noun}' });` : `    void item.tags.length;`,
    `    return item;`,
    `  }`,
    '',
    `  list(limit = 50): ${N}${i}[] {`,
    `    return [...this.items.values()].slice(0, limit).filter((x) => x.name.length > 0);`,
    `  }`,
    '',
    `  /**`,
    `   * Update an existing ${noun}. Unknown fields are ignored; tags are normalised and de-duplicated,`,
    `   * and the update is rejected when the ${noun} does not exist or the name would become empty.`,
    `   */`,
    `  async update(id: string, patch: Partial<Pick<${N}${i}, 'name' | 'tags'>>): Promise<${N}${i}> {`,
    `    const current = this.items.get(id);`,
    `    if (!current) throw new Error(\`${noun} \${id} not found\`);`,
    `    const name = patch.name?.trim() ?? current.name;`,
    `    if (name.length === 0) throw new Error('name must not be empty');`,
    `    const tags = [...new Set([...(patch.tags ?? current.tags)].map((t) => t.toLowerCase()))].sort();`,
    `    const next: ${N}${i} = { ...current, name, tags };`,
    `    this.items.set(id, next);`,
    `    return next;`,
    `  }`,
    '',
    `  async remove(id: string): Promise<boolean> {`,
    `    const existed = this.items.delete(id);`,
    `    if (!existed) return false;`,
    `    for (const [key, value] of this.items) {`,
    `      if (value.tags.includes(id)) this.items.set(key, { ...value, tags: value.tags.filter((t) => t !== id) });`,
    `    }`,
    `    return true;`,
    `  }`,
    '',
    `  stats(): { count: number; tagged: number; newest?: Date } {`,
    `    let tagged = 0;`,
    `    let newest: Date | undefined;`,
    `    for (const item of this.items.values()) {`,
    `      if (item.tags.length > 0) tagged++;`,
    `      if (!newest || item.createdAt > newest) newest = item.createdAt;`,
    `    }`,
    `    return { count: this.items.size, tagged, newest };`,
    `  }`,
    `}`,
    '',
  ].join('\n');
}

function routerFile(r, i, services) {
  const s = services[Math.floor(r() * services.length)];
  const noun = NOUNS[s % NOUNS.length];
  const N = cap(noun);
  return [
    `import { Router } from 'express';`,
    `import { ${N}Service${s} } from '../services/service${s}';`,
    `import { withSpan } from '../telemetry';`,
    '',
    `const svc = new ${N}Service${s}();`,
    `export const router${i} = Router();`,
    '',
    `router${i}.get('/${noun}s', async (req, res) => {`,
    `  res.json(svc.list(Number(req.query.limit ?? 50)));`,
    `});`,
    '',
    `router${i}.get('/${noun}s/:id', async (req, res) => {`,
    `  const item = await svc.find(req.params.id);`,
    `  if (!item) return res.status(404).json({ error: 'not found' });`,
    `  res.json(item);`,
    `});`,
    '',
    `router${i}.post('/${noun}s', withSpan('${noun}.create', async (req, res) => {`,
    `  res.status(201).json(await svc.create(req.body));`,
    `}));`,
    '',
    `router${i}.patch('/${noun}s/:id', async (req, res) => {`,
    `  const { name, tags } = req.body ?? {};`,
    `  if (name !== undefined && typeof name !== 'string') return res.status(400).json({ error: 'name must be a string' });`,
    `  if (tags !== undefined && !Array.isArray(tags)) return res.status(400).json({ error: 'tags must be an array' });`,
    `  try {`,
    `    res.json(await svc.update(req.params.id, { name, tags }));`,
    `  } catch (err) {`,
    `    res.status(404).json({ error: (err as Error).message });`,
    `  }`,
    `});`,
    '',
    `router${i}.delete('/${noun}s/:id', async (req, res) => {`,
    `  const removed = await svc.remove(req.params.id);`,
    `  res.status(removed ? 204 : 404).end();`,
    `});`,
    '',
    `router${i}.get('/${noun}s-stats', (_req, res) => {`,
    `  const { count, tagged, newest } = svc.stats();`,
    `  res.json({ count, tagged, newest: newest?.toISOString() ?? null });`,
    `});`,
    '',
  ].join('\n');
}

function controllerFile(r, i, services) {
  const s = services[Math.floor(r() * services.length)];
  const N = cap(NOUNS[s % NOUNS.length]);
  return [
    `import { Controller, Get, Post, Patch, Delete, Body, Param, BadRequestException, NotFoundException } from '@nestjs/common';`,
    `import { ${N}Service${s} } from '../services/service${s}';`,
    '',
    `@Controller('v${i}/${NOUNS[s % NOUNS.length]}s')`,
    `export class ${N}Controller${i} {`,
    `  constructor(private readonly svc: ${N}Service${s}) {}`,
    '',
    `  @Get(':id')`,
    `  findOne(@Param('id') id: string) {`,
    `    return this.svc.find(id);`,
    `  }`,
    '',
    `  @Post()`,
    `  create(@Body() body: { id: string; name: string; tags: string[] }) {`,
    `    return this.svc.create(body);`,
    `  }`,
    '',
    `  @Get()`,
    `  list() {`,
    `    return this.svc.list();`,
    `  }`,
    '',
    `  @Patch(':id')`,
    `  async update(@Param('id') id: string, @Body() body: { name?: string; tags?: string[] }) {`,
    `    if (body.name !== undefined && body.name.trim().length === 0) throw new BadRequestException('name must not be empty');`,
    `    return this.svc.update(id, body);`,
    `  }`,
    '',
    `  @Delete(':id')`,
    `  async remove(@Param('id') id: string) {`,
    `    const removed = await this.svc.remove(id);`,
    `    if (!removed) throw new NotFoundException();`,
    `  }`,
    `}`,
    '',
  ].join('\n');
}

function pageFile(r, i) {
  const N = cap(NOUNS[i % NOUNS.length]);
  return [
    `import { useEffect, useState } from 'react';`,
    `import { trace } from '@opentelemetry/api';`,
    '',
    `const tracer = trace.getTracer('web');`,
    '',
    `export default function ${N}Page${i}({ id }: { id: string }) {`,
    `  const [data, setData] = useState<string[]>([]);`,
    `  useEffect(() => {`,
    r() < 0.5 ? `    tracer.startSpan('${N}Page.view').end();` : `    setData([]);`,
    `  }, [id]);`,
    `  const onClick = () => setData((d) => [...d, String(d.length)]);`,
    `  return (`,
    `    <main className="page">`,
    `      <h1>${N} {id}</h1>`,
    `      <ul>{data.map((d) => <li key={d}>{d}</li>)}</ul>`,
    `      <button onClick={onClick}>Add</button>`,
    `    </main>`,
    `  );`,
    `}`,
    '',
  ].join('\n');
}

function workerFile(r, i, services) {
  const s = services[Math.floor(r() * services.length)];
  const N = cap(NOUNS[s % NOUNS.length]);
  return [
    `import { Worker } from 'bullmq';`,
    `import { ${N}Service${s} } from '../services/service${s}';`,
    `import { logger } from '../logger';`,
    '',
    `const svc = new ${N}Service${s}();`,
    '',
    `export const worker${i} = new Worker('queue-${i}', async (job) => {`,
    `  logger.info({ jobId: job.id }, 'processing');`,
    `  await svc.create({ id: String(job.id), name: job.name, tags: [] });`,
    `}, { connection: { host: 'localhost' } });`,
    '',
    `/** Retry a failing enqueue with exponential backoff, giving up after \`attempts\` tries. */`,
    `export async function enqueueWithRetry${i}(payload: Record<string, unknown>, attempts = 3): Promise<boolean> {`,
    `  for (let attempt = 1; attempt <= attempts; attempt++) {`,
    `    if (await enqueue${i}(payload)) return true;`,
    `    const delay = Math.min(1000, 50 * 2 ** attempt);`,
    `    await new Promise((resolve) => setTimeout(resolve, delay));`,
    `  }`,
    `  logger.warn({ attempts, queue: 'queue-${i}' }, 'giving up');`,
    `  return false;`,
    `}`,
    '',
    `export async function enqueue${i}(payload: Record<string, unknown>) {`,
    `  const res = await fetch('http://internal/queue-${i}', { method: 'POST', body: JSON.stringify(payload) });`,
    `  if (!res.ok) logger.error(\`enqueue failed: \${res.status}\`);`,
    `  return res.ok;`,
    `}`,
    '',
  ].join('\n');
}

export function generate(dir, total, seed = 42) {
  const r = rng(seed);
  fs.rmSync(dir, { recursive: true, force: true });
  const write = (rel, text) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  };
  write('package.json', JSON.stringify({ name: 'bench-generated', private: true }, null, 2));
  write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, jsx: 'react-jsx' } }, null, 2));
  write(
    'src/telemetry.ts',
    [
      `import { trace, metrics } from '@opentelemetry/api';`,
      `export const tracer = trace.getTracer('bench');`,
      `export const requestCounter = metrics.getMeter('bench').createCounter('requests');`,
      `export function withSpan<T extends (...a: any[]) => any>(name: string, fn: T): T {`,
      `  return ((...a: any[]) => tracer.startActiveSpan(name, () => fn(...a))) as T;`,
      `}`,
      '',
    ].join('\n'),
  );
  write('src/logger.ts', `import pino from 'pino';\nexport const logger = pino();\n`);
  const counts = { util: 0.3, service: 0.25, router: 0.15, controller: 0.1, page: 0.1, worker: 0.1 };
  const n = (k) => Math.max(1, Math.floor((total - 2) * counts[k]));
  const utils = [...Array(n('util')).keys()];
  const services = [...Array(n('service')).keys()];
  for (const i of utils) write(`src/utils/util${i}.ts`, utilFile(r, i));
  for (const i of services) write(`src/services/service${i}.ts`, serviceFile(r, i, utils));
  for (let i = 0; i < n('router'); i++) write(`src/routes/router${i}.ts`, routerFile(r, i, services));
  for (let i = 0; i < n('controller'); i++) write(`src/controllers/controller${i}.ts`, controllerFile(r, i, services));
  for (let i = 0; i < n('page'); i++) write(`app/${NOUNS[i % NOUNS.length]}/[id]/p${i}/page.tsx`, pageFile(r, i));
  let written = 2 + utils.length + services.length + n('router') + n('controller') + n('page');
  for (let i = 0; written < total; i++, written++) write(`src/workers/worker${i}.ts`, workerFile(r, i, services));
  return written;
}
