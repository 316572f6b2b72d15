// --fix and --fix-dry-run: the structured-logging fix per logger form, idempotence, type-checking of the
// output with the loggers' signatures, edits that overlap, and the reports that carry fixes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../src/engine/fix.js';
import { tempProject } from './helpers/project.js';
import { runCli } from './helpers/cli.js';

// The loggers' own signatures, so the output is type-checked as the project would check it.
const STUBS = `declare module 'pino' {
  interface Logger { info(obj: object, msg?: string, ...args: unknown[]): void; info(msg: string, ...args: unknown[]): void; warn(obj: object, msg?: string): void; warn(msg: string): void; child(bindings: object): Logger }
  export default function pino(): Logger;
}
declare module 'winston' {
  interface Logger { info(message: string, ...meta: unknown[]): void; error(message: string, ...meta: unknown[]): void; log(level: string, message: string, ...meta: unknown[]): void; child(meta: object): Logger }
  const winston: { createLogger(): Logger };
  export default winston;
}
declare module '@nestjs/common' {
  export class Logger { constructor(context?: string); log(message: unknown, context?: string): void }
}
`;

const INPUT = `import pino from 'pino';
import winston from 'winston';
import { Logger } from '@nestjs/common';

const logger = pino();
const wlog = winston.createLogger();
const PREFIX = \`order \${1}\`;

export class Orders {
  private readonly logger = new Logger(Orders.name);

  create(order: { id: string; user: { id: string } }, req: { params: { id: string } }, tenant: object, err: Error) {
    logger.info(\`order \${order.id} created by \${order.user.id}\`);
    logger.warn({ tenant: 't' }, \`failed for \${req.params.id}\`);
    wlog.info('count: ' + order.id + ' items');
    wlog.log('info', \`level form \${order.id} "quoted"\`);
    console.log(\`plain \${order.id} and \${order.id}\`);
    this.logger.log(\`nest \${order.id}\`, 'Orders');
    // printf-style values after the message, a merge object that is not a literal: a child logger takes the fields
    logger.info(\`printf \${order.id} %s\`, 'x');
    logger.info(tenant, \`tenant \${order.id}\`);
    // winston: an Error after the message keeps its handling (message and stack appended) through a child logger
    wlog.error(\`failed \${order.id}\`, err);
    // winston: metadata after the message takes the fields first, its own keys kept
    wlog.info(\`merged \${order.id}\`, { id: 1, tenant });
    // console: the fields right after the message, the rest printed after them as before
    console.error(\`failed \${req.params.id}:\`, err, 2);
    // ok: a message held in a const
    const msg = \`held \${order.id}\`;
    logger.info(msg);
    return PREFIX;
  }
}
`;

const EXPECTED = `import pino from 'pino';
import winston from 'winston';
import { Logger } from '@nestjs/common';

const logger = pino();
const wlog = winston.createLogger();
const PREFIX = \`order \${1}\`;

export class Orders {
  private readonly logger = new Logger(Orders.name);

  create(order: { id: string; user: { id: string } }, req: { params: { id: string } }, tenant: object, err: Error) {
    logger.info({ id: order.id, userId: order.user.id }, 'order {id} created by {userId}');
    logger.warn({ tenant: 't', id: req.params.id }, 'failed for {id}');
    wlog.info('count: {id} items', { id: order.id });
    wlog.log('info', 'level form {id} "quoted"', { id: order.id });
    console.log('plain {id} and {id}', { id: order.id });
    this.logger.log({ message: 'nest {id}', id: order.id }, 'Orders');
    // printf-style values after the message, a merge object that is not a literal: a child logger takes the fields
    logger.child({ id: order.id }).info('printf {id} %s', 'x');
    logger.child({ id: order.id }).info(tenant, 'tenant {id}');
    // winston: an Error after the message keeps its handling (message and stack appended) through a child logger
    wlog.child({ id: order.id }).error('failed {id}', err);
    // winston: metadata after the message takes the fields first, its own keys kept
    wlog.info('merged {orderId}', { orderId: order.id, id: 1, tenant });
    // console: the fields right after the message, the rest printed after them as before
    console.error('failed {id}:', { id: req.params.id }, err, 2);
    // ok: a message held in a const
    const msg = \`held \${order.id}\`;
    logger.info(msg);
    return PREFIX;
  }
}
`;

function typeCheck(dir: string): void {
  const tsc = path.resolve(__dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2022,dom', 'src/orders.ts', 'stubs.d.ts'], { cwd: dir, stdio: 'pipe' });
  } catch (err) {
    throw new Error(`tsc: ${String((err as { stdout?: Buffer }).stdout ?? err)}`);
  }
}

describe('--fix: otel/structured-logging', () => {
  it('rewrites each message as a constant template with its values as fields, in the form the logger takes; idempotent; still type-checks', () => {
    const dir = tempProject({ 'package.json': '{"name":"fx","private":true}', 'src/orders.ts': INPUT, 'stubs.d.ts': STUBS });
    expect(() => typeCheck(dir)).not.toThrow();
    const before = JSON.parse(runCli(dir, ['--format', 'json', '--no-cache']).stdout);
    const fixable = before.findings.filter((f: { fix?: unknown }) => f.fix);
    expect(before.findings.filter((f: { ruleId: string }) => f.ruleId === 'otel/structured-logging')).toHaveLength(12);
    expect(fixable).toHaveLength(11);

    const r = runCli(dir, ['--fix', '--format', 'json']);
    expect(r.stderr).toBe('check-doctrines: fixed 11 finding(s) in 1 file(s)\n');
    expect(fs.readFileSync(path.join(dir, 'src/orders.ts'), 'utf8')).toBe(EXPECTED);
    // The report is what is left: the call the fix does not touch.
    expect(JSON.parse(r.stdout).findings.map((f: { line: number }) => f.line)).toEqual([30]);
    expect(() => typeCheck(dir)).not.toThrow();

    const again = runCli(dir, ['--fix', '--format', 'json']);
    expect(again.stderr).toBe('');
    expect(fs.readFileSync(path.join(dir, 'src/orders.ts'), 'utf8')).toBe(EXPECTED);
  }, 60_000);

  it('--fix-dry-run prints a unified diff and writes nothing; a file outside the report is not touched', () => {
    const dir = tempProject({ 'src/orders.ts': INPUT, 'src/other.ts': "import pino from 'pino';\npino().info(`x ${process.pid}`);\n" });
    const r = runCli(dir, ['--fix-dry-run', 'src/orders.ts']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^--- a\/src\/orders\.ts\n\+\+\+ b\/src\/orders\.ts\n@@ /);
    expect(r.stdout).toContain('\n-    logger.info(`order ${order.id} created by ${order.user.id}`);\n');
    expect(r.stdout).toContain("\n+    logger.info({ id: order.id, userId: order.user.id }, 'order {id} created by {userId}');\n");
    expect(r.stdout).not.toContain('other.ts');
    expect(fs.readFileSync(path.join(dir, 'src/orders.ts'), 'utf8')).toBe(INPUT);
    runCli(dir, ['--fix', 'src/orders.ts']);
    expect(fs.readFileSync(path.join(dir, 'src/other.ts'), 'utf8')).toContain('`x ${process.pid}`');
  });

  it('reports carry the fix: JSON edits with ranges, SARIF fixes, the human format marks and counts them', () => {
    const dir = tempProject({ 'src/a.ts': "import pino from 'pino';\nconst log = pino();\nexport const f = (id: string) => log.info(`order ${id}`);\n" });
    const [finding] = JSON.parse(runCli(dir, ['--format', 'json', '--no-cache']).stdout).findings;
    expect(finding.fix).toEqual({ edits: [{ range: { start: { line: 3, column: 43 }, end: { line: 3, column: 56 } }, text: "{ id }, 'order {id}'" }] });
    const sarif = JSON.parse(runCli(dir, ['--format', 'sarif', '--no-cache']).stdout);
    expect(sarif.runs[0].results[0].fixes[0].artifactChanges[0].replacements[0]).toEqual({
      deletedRegion: { startLine: 3, startColumn: 43, endLine: 3, endColumn: 56 },
      insertedContent: { text: "{ id }, 'order {id}'" },
    });
    const human = runCli(dir, ['--no-cache', '--no-color']).stdout;
    expect(human).toMatch(/src\/a\.ts:3:34 {2}error {2}otel\/structured-logging {2}fixable/);
    expect(human).toContain('1 problem fixable with --fix (--fix-dry-run shows the changes)');
  });

  it('a logger imported from a module of the project is fixed in the form of what that module exports', () => {
    const use = "import { logger } from './log';\nexport const f = (id: string) => logger.info(`order ${id}`);\n";
    const fixed = (log: string, a = use) => {
      const dir = tempProject({ 'src/log.ts': log, 'src/a.ts': a });
      runCli(dir, ['--fix']);
      return fs.readFileSync(path.join(dir, 'src/a.ts'), 'utf8').split('\n')[1];
    };
    expect(fixed("import winston from 'winston';\nexport const logger = winston.createLogger();\n")).toBe("export const f = (id: string) => logger.info('order {id}', { id });");
    expect(fixed("import pino from 'pino';\nconst make = () => pino();\nexport const logger = make();\n")).toBe("export const f = (id: string) => logger.info({ id }, 'order {id}');");
    // An argument after the message: winston keeps it through a child logger.
    const withError = "import { logger } from './log';\nexport const f = (id: string, err: Error) => logger.info(`order ${id}`, err);\n";
    expect(fixed("import winston from 'winston';\nexport const logger = winston.createLogger();\n", withError)).toBe(
      "export const f = (id: string, err: Error) => logger.child({ id }).info('order {id}', err);",
    );
    // A module-level const a project function made: the function's return is followed across files; a child
    // logger is not offered through it (the function may declare a narrower return type without child()).
    const factory = "import winston from 'winston';\nconst base = winston.createLogger();\nexport function getLogger(service: string) {\n  return base.child({ service }) as unknown as { info(m: string, ...meta: unknown[]): void };\n}\n";
    const viaFactory = "import { getLogger } from './log';\nconst logger = getLogger('a');\nexport const f = (id: string) => logger.info(`order ${id}`);\n";
    const dirF = tempProject({ 'src/log.ts': factory, 'src/a.ts': viaFactory, 'src/b.ts': viaFactory.replace('(id: string) => logger.info(`order ${id}`)', '(id: string, err: Error) => logger.info(`order ${id}`, err)') });
    runCli(dirF, ['--fix']);
    expect(fs.readFileSync(path.join(dirF, 'src/a.ts'), 'utf8').split('\n')[2]).toBe("export const f = (id: string) => logger.info('order {id}', { id });");
    expect(fs.readFileSync(path.join(dirF, 'src/b.ts'), 'utf8').split('\n')[2]).toBe('export const f = (id: string, err: Error) => logger.info(`order ${id}`, err);');
    // A module-level const that turns out not to be a logger, under a name not trusted: not judged.
    const notLogger = tempProject({
      'src/client.ts': 'export function makeClient() {\n  return { info: (m: string) => m };\n}\n',
      'src/a.ts': "import { makeClient } from './client';\nconst client = makeClient();\nexport const f = (id: string) => client.info(`order ${id}`);\n",
    });
    expect(JSON.parse(runCli(notLogger, ['--format', 'json', '--no-cache']).stdout).findings).toEqual([]);
    // Not a logger of a known library: reported by its name, not fixed.
    expect(fixed('export const logger = { info(m: string) { return m; } };\n')).toBe('export const f = (id: string) => logger.info(`order ${id}`);');
  });

  it('usage errors', () => {
    const dir = tempProject({ 'src/a.ts': 'export {};\n' });
    const r = runCli(dir, ['--fix', '--fix-dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fix writes the fixes and --fix-dry-run prints them: pick one/);
  });
});

const OTEL_STUB = `declare module '@opentelemetry/api' {
  export enum SpanStatusCode { UNSET = 0, OK = 1, ERROR = 2 }
  type Exception = string | { message?: string; name?: string; stack?: string };
  export interface Span { recordException(exception: Exception): void; setStatus(status: { code: SpanStatusCode }): void; setAttribute(k: string, v: string): void; end(): void }
  export interface Tracer { startActiveSpan<T>(name: string, fn: (span: Span) => T): T; startSpan(name: string): Span }
  export const trace: { getTracer(name: string): Tracer; setSpan(context: Context, span: Span): Context };
  export interface Context { getValue(key: symbol): unknown }
  export const context: { active(): Context };
}
`;

const SPANS = `import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('orders');
declare function charge(id: string): Promise<void>;

export function pay(id: string) {
  return tracer.startActiveSpan('pay', async (span) => {
    try {
      await charge(id);
    } catch (error) {
      console.error('payment failed', { id });
      throw error;
    } finally {
      span.end();
    }
  });
}

export async function refund(id: string) {
  const span = tracer.startSpan('refund');
  try {
    await charge(id);
  } catch {
    return false;
  } finally {
    span.end();
  }
  return true;
}

export function settle(id: string) {
  return tracer.startActiveSpan('settle', async (span) => {
    try {
      await charge(id);
    } catch (e: unknown) {
      return String(e);
    } finally {
      span.end();
    }
    return id;
  });
}
`;

const SPANS_FIXED = `import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('orders');
declare function charge(id: string): Promise<void>;

export function pay(id: string) {
  return tracer.startActiveSpan('pay', async (span) => {
    try {
      await charge(id);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      console.error('payment failed', { id });
      throw error;
    } finally {
      span.end();
    }
  });
}

export async function refund(id: string) {
  const span = tracer.startSpan('refund');
  try {
    await charge(id);
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    return false;
  } finally {
    span.end();
  }
  return true;
}

export function settle(id: string) {
  return tracer.startActiveSpan('settle', async (span) => {
    try {
      await charge(id);
    } catch (e: unknown) {
      span.recordException(e as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      return String(e);
    } finally {
      span.end();
    }
    return id;
  });
}
`;

describe('--fix: otel/span-lifecycle', () => {
  it('a catch that neither records nor sets an error status gets both, the catch variable and the import when missing, `err as Error` for `catch (e: unknown)` too; two passes; idempotent; type-checks', () => {
    const dir = tempProject({ 'src/orders.ts': SPANS, 'stubs.d.ts': OTEL_STUB });
    expect(() => typeCheck(dir)).not.toThrow();
    const before = JSON.parse(runCli(dir, ['--format', 'json', '--no-cache']).stdout).findings;
    expect(before.map((f: { ruleId: string; line: number; fix?: unknown }) => `${f.line} ${f.ruleId} ${f.fix ? 'fix' : ''}`)).toEqual([
      '7 otel/span-lifecycle fix',
      '20 otel/span-lifecycle fix',
      '32 otel/span-lifecycle fix',
    ]);
    const r = runCli(dir, ['--fix', '--format', 'json']);
    expect(r.stderr).toBe('check-doctrines: fixed 3 finding(s) in 1 file(s)\n');
    expect(fs.readFileSync(path.join(dir, 'src/orders.ts'), 'utf8')).toBe(SPANS_FIXED);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(() => typeCheck(dir)).not.toThrow();
    expect(runCli(dir, ['--fix']).stderr).toBe('');
  }, 60_000);
});

describe('--fix: otel/span-lifecycle, an end missed on some path', () => {
  const dir0 = path.join(__dirname, 'fixes', 'span-end');
  it('wraps the rest of the scope in try/finally with the end() calls it replaces removed; the traps are left; idempotent; type-checks', () => {
    const input = fs.readFileSync(path.join(dir0, 'input.ts'), 'utf8');
    const dir = tempProject({ 'package.json': '{"name":"fx","private":true}', 'src/orders.ts': input, 'stubs.d.ts': OTEL_STUB });
    expect(() => typeCheck(dir)).not.toThrow();
    const before = JSON.parse(runCli(dir, ['--format', 'json', '--no-cache']).stdout).findings;
    expect(before.map((f: { line: number; fix?: unknown }) => `${f.line}${f.fix ? ' fix' : ''}`)).toEqual(['10 fix', '25 fix', '36 fix', '46 fix', '52 fix', '61', '71', '80', '90', '98', '109']);
    const r = runCli(dir, ['--fix', '--format', 'json']);
    expect(r.stderr).toBe('check-doctrines: fixed 5 finding(s) in 1 file(s)\n');
    expect(fs.readFileSync(path.join(dir, 'src/orders.ts'), 'utf8')).toBe(fs.readFileSync(path.join(dir0, 'expected.ts'), 'utf8'));
    // What is left is the traps, now further down the file.
    expect(JSON.parse(r.stdout).findings.map((f: { message: string }) => /Span '(\w+)'/.exec(f.message)![1])).toEqual(['loose', 'esc', 'outer', 'closure', 'later', 'hoisted']);
    expect(() => typeCheck(dir)).not.toThrow();
    expect(runCli(dir, ['--fix']).stderr).toBe('');
    expect(fs.readFileSync(path.join(dir, 'src/orders.ts'), 'utf8')).toBe(fs.readFileSync(path.join(dir0, 'expected.ts'), 'utf8'));
  }, 60_000);

  it('the edit is one replacement of the wrapped lines: lines before and after are untouched, CRLF kept', () => {
    const input = "import { trace } from '@opentelemetry/api';\r\nconst tracer = trace.getTracer('x');\r\nexport function f(a: boolean) {\r\n  const span = tracer.startSpan('f');\r\n  if (a) return 1;\r\n  span.end();\r\n  return 2;\r\n}\r\n";
    const dir = tempProject({ 'src/orders.ts': input });
    const [finding] = JSON.parse(runCli(dir, ['--format', 'json', '--no-cache']).stdout).findings;
    expect(finding.fix.edits).toEqual([
      { range: { start: { line: 5, column: 1 }, end: { line: 7, column: 12 } }, text: '  try {\r\n    if (a) return 1;\r\n    return 2;\r\n  } finally {\r\n    span.end();\r\n  }' },
    ]);
  });
});

describe('applyEdits', () => {
  const at = (line: number, column: number) => ({ line, column });
  it('takes each finding\'s edits whole, in file order; one that overlaps a taken one waits for the next pass', () => {
    const text = 'abc\ndef\nghi\n';
    const out = applyEdits(text, [
      // overlaps the next group, which starts earlier in the file: waits
      [{ range: { start: at(2, 1), end: at(2, 4) }, text: 'DEF' }],
      [{ range: { start: at(2, 2), end: at(2, 3) }, text: 'x' }, { range: { start: at(1, 1), end: at(1, 1) }, text: '>' }],
      [{ range: { start: at(3, 1), end: at(3, 1) }, text: '> ' }, { range: { start: at(3, 4), end: at(3, 4) }, text: ' <' }],
    ]);
    expect(out).toEqual({ text: '>abc\ndxf\n> ghi <\n', applied: 2 });
  });
});
