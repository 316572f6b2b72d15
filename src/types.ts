// Shared contracts between the engine, analysis, adapters, rules and reporters.
// Everything in a FileSummary is plain data (JSON-serialisable): per-file work produces it,
// cross-file analysis runs over it, and a cache can store it.

export type Severity = 'off' | 'warn' | 'error';
export type ReportedSeverity = 'warn' | 'error';

/** 1-based line and column, end exclusive of nothing: the last character's column + 1 (ESLint style). */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Location extends Span {
  /** POSIX path relative to the working directory. */
  file: string;
}

// ---------------------------------------------------------------------------------------------
// References: how a summary names something that may live in another file.

/** A name as seen from one file: a top-level binding of that file, or an import. */
export type BindingRef =
  | { kind: 'local'; name: string }
  | { kind: 'import'; specifier: string; name: string /* 'default', '*', or the export name */ };

/**
 * The callee of a call, or a handler reference, recorded syntactically and resolved across files later.
 * - `fn`: a function of this file, by id.
 * - `binding`: a top-level binding (function, variable holding a function, class) or an import.
 * - `member`: a member of something: `obj.method` where obj is a binding (namespace import, object,
 *   instance variable whose class is known), or a class (for `this.svc.m()` / `new X().m()`).
 */
export type CallRef =
  | { kind: 'fn'; id: string }
  | { kind: 'binding'; ref: BindingRef }
  | { kind: 'member'; of: BindingRef; member: string; instanceOf?: boolean }
  /** The value returned by a call, e.g. a handler written `traced(handler)`: the callee may be a wrapper. */
  | { kind: 'call'; call: CallSite };

/** A call made by a function: the callee plus, when arguments are functions, their ids (for wrappers). */
export interface CallSite {
  callee: CallRef;
  /** Text of the callee as written, e.g. `this.orders.create`, for evidence. */
  text: string;
  line: number;
  /** Function ids of arguments that are inline functions or references to functions (wrapper detection). */
  fnArgs?: CallRef[];
  /**
   * The library kinds that inline function arguments return, by argument position, where known
   * (`singleton('tracer', () => trace.getTracer('x'))` → `{ 1: 'otel.tracer' }`): what a generic helper
   * (FunctionSummary.returnsParam) gives. Recorded for values, not for every call.
   */
  argReturns?: Record<number, string>;
}

export interface Emission {
  /** The family that recognised it, e.g. `opentelemetry`, `config`. */
  family: string;
  /** What was called, as written, e.g. `tracer.startActiveSpan`. */
  api: string;
  line: number;
}

export interface FunctionSummary {
  /** `line:column` where the function starts: unique in its file, and where it is reported. */
  id: string;
  /** Human name: `createOrder`, `OrdersController.create`, `<anonymous>`. */
  name: string;
  /** Emissions directly in this body (nested functions excluded). */
  emits: Emission[];
  /** Calls directly in this body whose effect we may need to follow. */
  calls: CallSite[];
  /** Nested functions (closures, callbacks) whose emissions count for this function. */
  children: string[];
  /** Decorators applied to the function (method), as written names. */
  decorators?: string[];
  /** When decorated with a recognised telemetry decorator: that evidence. */
  decoratedBy?: Emission;
  /** Class that owns this method, if any. */
  className?: string;
  /**
   * The library kind of what the function returns, when its return type annotation or a returned
   * expression says (`function getMeter(n): Meter`, `return trace.getTracer(n)`): calls of it elsewhere
   * give values of that kind (`const meter = getMeter('x')`).
   */
  returns?: string;
  /**
   * A function or component it returns without calling (`async () => SearchPage`, `() => import('./Chart')`):
   * a loader whose result a wrapper runs (`dynamic(loader)`, `lazy(loader)`).
   */
  returnsRef?: CallRef;
  /** A class it declares and returns (a mixin factory: `function CrudFactory(…) { class Base { … } return Base; }`). */
  returnsClass?: string;
  /**
   * A generic helper that returns, or caches and returns, what its parameter at this index gives when
   * called (`singleton(key, factory)`, a memoising `getOrCreate`): a call of it gives what that argument
   * returns (CallSite.argReturns).
   */
  returnsParam?: number;
}

export interface ClassSummary {
  name: string;
  span: Span;
  exported: boolean;
  extends?: BindingRef;
  implements?: BindingRef[];
  decorators: string[];
  /** Method name → function id. */
  methods: Record<string, string>;
  /** Property name (`this.x`) → class it holds (constructor injection, `= new X()`). */
  properties: Record<string, BindingRef>;
  /** Property name → library value kind (`private tracer = trace.getTracer('x')` → `otel.tracer`). */
  propertyTypes?: Record<string, string>;
  /**
   * The class's decorators as code to follow (`@TraceAll()` → the call of the project's `TraceAll`): a
   * class decorator that wraps every method in a span instruments every method of the class.
   */
  decoratorRefs?: CallRef[];
  /**
   * Registration-level coverage bound on the class itself (Nest's `@UseInterceptors` on a controller or a
   * base class): it also applies to the targets of classes derived from this one (TargetSummary.inheritsFrom),
   * since Nest reads class metadata through the prototype chain.
   */
  coverage?: CoverageRef[];
}

/** The value an exported/top-level variable holds, as far as a syntactic walk can tell. */
export type ValueSummary =
  | { kind: 'function'; id: string }
  | { kind: 'alias'; ref: CallRef }
  /** `const h = wrapper(fn)`: a call whose callee may be a wrapper/HOF, with the function arguments. */
  | { kind: 'call'; call: CallSite }
  | { kind: 'instance'; of: BindingRef }
  /** A value of a known library kind (e.g. `otel.tracer`), so members called on it elsewhere can be judged. */
  | { kind: 'typed'; type: string }
  | { kind: 'object'; members: Record<string, CallRef> }
  /**
   * A list of functions (`const apiAuth = [auth.secretKey.bind(auth), rateLimit]`, or either list of
   * `flag ? [a] : [b]`): route middleware given as one name; it emits when any of them does.
   */
  | { kind: 'list'; items: CallRef[] }
  /** `const X = 'literal'`: a constant whose value never varies (a log message built from it is still constant). */
  | { kind: 'constant' };

export type ExportSummary =
  | { kind: 'local'; name: string }
  | { kind: 're-export'; specifier: string; name: string }
  | { kind: 'star'; specifier: string };

/** A piece of code the doctrine says must emit telemetry, found by an adapter. */
export interface TargetSummary {
  kind: 'http-handler' | 'actor' | 'ui-component' | string;
  framework: string;
  /** `GET /users`, `OrdersProcessor.process`, … */
  name: string;
  /** Where to report a finding when the handler cannot be located more precisely. */
  span: Span;
  /** What runs for this target; instrumented when any of them emits (route-level middleware included). */
  handlers: CallRef[];
  /** Registration-level coverage candidates that apply to this target (middleware before it, interceptors). */
  coveredBy?: CoverageRef[];
  /** Symbol path used for stable fingerprints, e.g. `GET /users` or `OrdersController.create`. */
  symbol: string;
  /** Adapter-specific data (e.g. the router receiver), kept small. */
  meta?: Record<string, string | number | boolean>;
  /**
   * Instrumentation packages that cover this target when registered anywhere in the project (a call
   * through a client library: `@opentelemetry/instrumentation-http` for axios). Empty for code that must
   * emit on its own.
   */
  autoInstrumentedBy?: string[];
  /**
   * Decided across files: the target exists only when `ref` (an import or a project class, seen from this
   * file) resolves to a value of a client library kind for which `call` leaves the process (`api.get()`
   * with `export const api = axios.create()` elsewhere). `call` is `instance|member.path|method()`; the
   * outbound model answers which kinds and libraries that means (adapters/outbound/project-clients.ts),
   * and the target takes that library's framework, category and covering instrumentations. Only this key
   * is stored: tens of thousands of such targets each carrying a table of candidate libraries made
   * summaries (and the cache) several times larger.
   */
  deferred?: { ref: BindingRef; call: string };
  /**
   * Decided across files: the target exists only when `ref` (an import, or a binding of this file) resolves
   * to a value of one of these library kinds (graph.valueKind) — a tRPC procedure built from
   * `publicProcedure` imported from the project's `trpc.ts`, a tool registered on an `McpServer` exported
   * by another module. With `call`, the kind is that of what `ref.<call>()` returns (a builder handed out by
   * a project function: `permissionRequiredProcedure.requiresPermission('admin')`). The counterpart of
   * FileFinding.onlyIfKind.
   */
  onlyIfKind?: { ref: BindingRef; kinds: string[]; call?: string };
  /**
   * Decided across files: the name continues the path under which the top-level binding `unit` of this
   * file is mounted (the paths of `mount` registrations leading to it, outermost first): the shown name is
   * `prefix` + those paths and `path`, joined by `separator` (`query ` + `orders` + `byId` →
   * `query orders.byId`). `name` is what shows when the unit is mounted nowhere; `symbol` never changes.
   */
  mountedName?: { unit: string; prefix: string; path: string; separator: string };
  /**
   * Decided across files: the target exists only when the unit it is declared on (`meta.receiver`, e.g. a
   * GraphQL resolver map) is mounted, directly or through other mounts, by a `root` mount registration (a
   * schema or server given the map). A resolver map no server is given is not an entry point.
   */
  mountedOnly?: boolean;
  /**
   * Decided for the file's package (its nearest package.json inside the analysed folder): the target
   * exists only if the package depends on one of `deps` (a name, or a scope prefix ending in `/`) or one
   * of `files` exists (relative to the target's file). A React Router route module is one only in framework
   * mode (`@react-router/*`, `@remix-run/*`, `app/routes.ts`, `react-router.config.ts` beside `app/`), not
   * in a `react-router-dom` single-page app.
   * Kept when no package.json is found inside the analysed folder.
   */
  requiresPackage?: { deps: string[]; files?: string[] };
  /**
   * The object the target is registered on, when middleware given to it where it is declared applies to the
   * target (an Inngest client's `middleware`, in the module that creates the client): registrations of type
   * `middleware` on that declaration cover the target.
   */
  registeredOn?: BindingRef;
  /**
   * Decided across files: a placeholder that stands for every function `each.ref` denotes (the exported
   * functions of a module namespace or of a module path, the function members of an object) but those named
   * in `except`, one target per function named `<name> <export>`, reported where the function is declared:
   * Temporal's `Worker.create({ activities })` with `import * as activities from './activities'`. The
   * placeholder itself is not judged; its `coveredBy` applies to each target it stands for.
   */
  each?: { ref: BindingRef; except?: string[] };
  /**
   * The handler cannot emit on its own (a Temporal workflow runs in a deterministic sandbox): platform
   * tracing that applies to it (CoverageRef.platformTracing) always counts.
   */
  platformTracingOnly?: true;
  /**
   * The target's class derives from this project class (seen from this file), or with `call`, from the class a
   * project function returns (a mixin: `extends CrudFactory(Entity)`): class-level coverage of that class and
   * of its own bases (ClassSummary.coverage) applies to the target too.
   */
  inheritsFrom?: { ref: BindingRef; call?: true };
  /**
   * A target declared on a method that classes derived from `class` inherit (a route method of a NestJS base
   * controller): each derived class of the same framework (TargetSummary.inherits) gets a copy, named by
   * `name` with `{class}` (the derived class), `{path}` (the derived class's `paths` joined with this
   * target's `paths`) and `{prefix}` (the derived class's `prefix`) filled in. `abstract`: the declaring
   * class is no entry point itself (no `@Controller`), so the target is judged only as those copies.
   */
  inheritable?: { class: string; method: string; name: string; paths?: string[]; abstract?: true };
  /**
   * A placeholder for the targets a derived class takes from its project base classes (`inheritsFrom`):
   * one target for each inheritable target of the bases whose method no nearer class overrides, reported
   * at this placeholder and covered by its `coveredBy`. The placeholder itself is not judged.
   */
  inherits?: { class: string; paths?: string[]; prefix?: string };
}

/** One registration of auto-instrumentations, found in a file. */
export interface AutoInstrumentation {
  /**
   * Instrumentation packages it enables, e.g. `@opentelemetry/instrumentation-http`; a vendor agent that
   * patches the same libraries (`dd-trace`, Sentry) lists the packages it stands in for.
   */
  packages: string[];
  /** What was called, as written: `getNodeAutoInstrumentations()`, `new HttpInstrumentation()`. */
  api: string;
  line: number;
  /** The agent, when it is not an OpenTelemetry instrumentation package: shown in evidence instead of the package. */
  agent?: string;
  /**
   * Where the SDK it sets up runs: `browser` (a browser SDK, or an init in a client entry), `edge` (Sentry's
   * `sentry.edge.config`), `any` (`@vercel/otel`, Node and edge); absent: Node. It covers only code of that
   * runtime (FileSummary.runtime).
   */
  runtime?: 'browser' | 'edge' | 'any';
}

export interface CoverageRef {
  /** `middleware`, `interceptor`, `plugin`, `mounted-router`… */
  via: string;
  ref: CallRef;
  text: string;
  line: number;
  /**
   * The framework's own tracing (BullMQ's `telemetry` option, Temporal's OpenTelemetry interceptors, Inngest's
   * tracing middleware): a generic span per job, without the handler's domain context. Shown as evidence; it
   * makes the target instrumented only when the rule asks for it (`otel/actor` option `platformTracing:
   * "count"`) or the target cannot emit on its own (TargetSummary.platformTracingOnly). `ref` names the
   * library export; it is not followed.
   */
  platformTracing?: true;
}

/** A finding produced during the per-file walk (syntactic rules). */
/** A position in a file: 1-based line and column (UTF-16 code units), as findings have. */
export interface Position {
  line: number;
  column: number;
}

/** One text edit of a fix: replace `range` (end exclusive) with `text`. */
export interface FixEdit {
  range: { start: Position; end: Position };
  text: string;
}

/** A safe fix: behaviour-preserving edits of the finding's file, applied by `--fix`. */
export interface Fix {
  edits: FixEdit[];
}

export interface FileFinding {
  ruleId: string;
  messageId: string;
  data?: Record<string, string>;
  span: Span;
  symbol: string;
  target?: { kind: string; name: string; framework?: string };
  /**
   * Decided across files: the finding is dropped when every one of these bindings (imports, seen from this
   * file) resolves to a `constant` value. Lets a per-file rule defer what one file cannot know.
   */
  unlessConstant?: BindingRef[];
  /**
   * Decided across files: the finding is kept only when `ref` (an import, seen from this file) resolves to a
   * value of one of these library kinds, e.g. a logger or tracer exported by another module of the project.
   */
  onlyIfKind?: { ref: BindingRef; kinds: string[] };
  fix?: Fix;
  /**
   * Decided across files: the fix depends on what `ref` resolves to (a logger exported by another module):
   * the fix at index `kinds[kind]` of `fixes` for the kind found, none for another.
   */
  fixByKind?: { ref: BindingRef; kinds: Record<string, number>; fixes: Fix[] };
}

/** Express-style routers and apps: registration order, for middleware coverage across mounts. */
export interface Registration {
  /** Identity of the receiver in this file, e.g. `app`, `router`; for `global`, the framework name. */
  receiver: string;
  /** Order in the file. */
  order: number;
  /**
   * `middleware`: covers later routes on the same receiver; `mount`: attaches a router (the ref) to the
   * receiver; `global`: covers every target of the framework named by `receiver`, project-wide
   * (`app.useGlobalInterceptors(…)` in NestJS); `prefix`: a path prefix (`path`) in front of every route
   * of the framework named by `receiver` in the same package (`app.setGlobalPrefix('api')`), for names only.
   */
  type: 'middleware' | 'mount' | 'global' | 'prefix';
  ref: CallRef;
  text: string;
  line: number;
  /** For mounts and prefixes: the path prefix, if literal; for middleware: the path pattern it runs for, if any. */
  path?: string;
  /** For prefixes: route paths it leaves out (`setGlobalPrefix('api', { exclude: ['health'] })`). */
  exclude?: string[];
  /**
   * For `global`: only targets in files under this folder, relative to the registering file's folder
   * (`.` for `src/hooks.server.ts`, whose app's routes are under `src/`): the hooks of one app of a
   * monorepo do not cover another's routes.
   */
  within?: string;
  /**
   * For `global`: only targets whose name matches this pattern (`*` any run of characters, the whole name):
   * `GET /admin/orders*` for middleware a framework applies by method and URL.
   */
  targets?: string;
  /**
   * For middleware of a mountable unit that shares the scope it is mounted into (a `fastify-plugin`
   * plugin): it also covers the targets of the receiver the unit is mounted on.
   */
  appliesToParent?: boolean;
  /** For mounts: the receiver serves what is mounted on it (a GraphQL schema or server given a resolver map); see TargetSummary.mountedOnly. */
  root?: boolean;
  /** For middleware: how evidence names it (`plugin`, `hook`); `middleware` when absent. */
  via?: string;
  /**
   * Decided across files: the registration holds only when `ref` resolves to a value of one of these
   * library kinds (a router mounted by `createTRPCRouter({ orders })` with `createTRPCRouter` imported from
   * the project). Read for `mount` registrations.
   */
  onlyIfKind?: { ref: BindingRef; kinds: string[] };
  /** For middleware: it is the framework's own tracing (see CoverageRef.platformTracing). */
  platformTracing?: true;
}

export interface FileSummary {
  file: string;
  /** Local import bindings: local name → where it comes from. */
  imports: Record<string, { specifier: string; name: string }>;
  exports: Record<string, ExportSummary>;
  functions: Record<string, FunctionSummary>;
  classes: Record<string, ClassSummary>;
  /** Top-level bindings: name → value (functions declared at top level are `function` values). */
  values: Record<string, ValueSummary>;
  targets: TargetSummary[];
  registrations: Registration[];
  findings: FileFinding[];
  /**
   * Auto-instrumentations this file registers (`registerInstrumentations`, `getNodeAutoInstrumentations()`,
   * `new HttpInstrumentation()`, `registerOTel`, …): the instrumentation packages each call enables.
   */
  autoInstrumentation?: AutoInstrumentation[];
  parseErrors: { message: string; span: Span }[];
  /** Why the file could not be analysed, and where, when it could not (the rest of the summary is then empty). */
  analysisError?: { reason: string; line: number; column: number };
  /**
   * Entry points this file declares for code in other files (an AWS CDK `new NodejsFunction(this, id, {
   * entry, handler })`): resolved after the walk (src/analysis/framework-config.ts). Present only when any.
   */
  declares?: EntryDeclaration[];
  /**
   * Targets the file has only if the project confirms them after the walk: the handlers of a default-export
   * object in a module nothing in the file marks as a Worker, which a wrangler config may name as its
   * `main`. Never judged as they are. Present when the Workers adapters examined a default-export handler
   * object (then possibly empty: its `fetch` only hands requests to a framework app).
   */
  candidates?: TargetSummary[];
  /** Inline `doctrines-disable-*` comments of the file, present only when it has any. */
  suppressions?: SuppressionDirective[];
  /**
   * Modules the file loads without binding a name from them (`import './tracing'`, `require('./tracing')`
   * as a statement, `import('./sentry.server.config')`): with imports and re-exports, the edges of the module
   * graph an auto-instrumentation registration's reach is taken over. Present only when any.
   */
  loads?: string[];
  /**
   * Where the module runs when a framework says so: `client` for a `'use client'` module or a client entry
   * (`instrumentation-client.ts`, `entry.client.tsx`, `hooks.client.ts`), `edge` for Next's edge runtime
   * (`export const runtime = 'edge'`, `middleware.ts`). Absent: server code, or not known.
   */
  runtime?: 'client' | 'edge';
}

/** An entry point declared in one file for a module of the project (see FileSummary.declares). */
export interface EntryDeclaration {
  /** The adapter that reads it back after the walk, e.g. `aws-lambda`. */
  framework: string;
  /**
   * The module, as written: `from: 'file'` relative to the declaring file's folder (`path.join(__dirname,
   * …)`), `from: 'cwd'` relative to the folder the tool that reads it runs in (a plain relative path).
   */
  module: { from: 'file' | 'cwd'; path: string };
  /** The export that runs (`handler`). */
  export: string;
  /** What the declaration names it (a construct id), for target names. */
  name: string;
  /** What invokes it, when the declaring file says (`http GET /orders`, `sqs`). */
  events?: string[];
  line: number;
}

/** One `doctrines-disable-line` / `doctrines-disable-next-line` comment (src/engine/suppressions.ts). */
export interface SuppressionDirective {
  kind: 'line' | 'next-line';
  /** Rule ids named in the comment; empty means every rule. */
  rules: string[];
  /** Text after ` -- `; absent when the comment gives none (then it suppresses nothing). */
  reason?: string;
  /** The comment itself. */
  span: Span;
  /** The 1-based line whose findings it suppresses. */
  appliesTo: number;
  /**
   * For `next-line` above a statement that goes on over several lines (`app.post('/x',` with its handler
   * below): the statement's last line. Target findings (a handler, an actor, a page, a call) anywhere in
   * the statement are suppressed too, as in `// doctrines-disable-next-line` written for the registration.
   */
  appliesToEnd?: number;
}

// ---------------------------------------------------------------------------------------------
// Results

export type EvidenceStep =
  | { kind: 'emission'; family: string; api: string; file: string; line: number }
  | { kind: 'call'; name: string; file: string; line: number }
  | { kind: 'decorator'; name: string; file: string; line: number }
  | { kind: 'wrapper'; name: string; file: string; line: number }
  | { kind: 'coverage'; via: string; name: string; file: string; line: number };

export interface TargetResult {
  ruleId: string;
  kind: string;
  framework: string;
  name: string;
  file: string;
  line: number;
  column: number;
  instrumented: boolean;
  /** How it is instrumented: the first chain found, from the target to the emission. */
  evidence: EvidenceStep[];
  /** When not instrumented: what was looked at (the calls followed), for --explain. */
  reason?: string;
}

export interface Finding {
  ruleId: string;
  pillar: string;
  severity: ReportedSeverity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  target?: { kind: string; name: string; framework?: string };
  fingerprint: string;
  help: string;
  /** Enclosing symbol path used for the fingerprint. */
  symbol?: string;
  /** The rule's documentation online, when the package's homepage is known. */
  docsUrl?: string;
  /** A safe fix `--fix` applies. */
  fix?: Fix;
  /**
   * Edits that are not behaviour-preserving, applied only by `--fix --unsafe` (the first) and offered by
   * the language server: telemetry added to an uninstrumented target (src/engine/suggest.ts).
   */
  suggestions?: Suggestion[];
  /**
   * Internal, between the judge and the run (never reported): the tracer a module of the project exports
   * (`export const tracer = trace.getTracer(…)`), nearest the finding's file, for its suggestion.
   */
  projectTracer?: { file: string; name: string };
}

/** A suggestion: what it does, and its edits of the finding's file. */
export interface Suggestion {
  desc: string;
  fix: Fix;
}

/** A finding silenced by an inline comment: reported apart from `findings`, with the comment's reason. */
export interface SuppressedFinding extends Finding {
  suppression: { reason: string; line: number };
}

export interface RunSummary {
  files: number;
  durationMs: number;
  errors: number;
  warnings: number;
  suppressed: number;
  baselined: number;
  skipped: { reason: string; count: number }[];
  coverage: Record<string, { targets: number; instrumented: number }>;
  /**
   * Request- or message-handling frameworks an analysed package depends on whose entry points the run did
   * not look at: no adapter recognises the framework, or none of its entry points was found there.
   */
  unrecognised: UnrecognisedFramework[];
  /** With a CODEOWNERS file in the repository: coverage per owner (src/engine/codeowners.ts). */
  ownership?: OwnershipSummary;
}

/** Coverage per owner named by the repository's CODEOWNERS file. */
export interface OwnershipSummary {
  /** The CODEOWNERS file, from the repository root. */
  file: string;
  /** Per owner (`(unowned)`: files nobody owns), its targets across rules and per rule. */
  owners: { owner: string; targets: number; instrumented: number; coverage: RunSummary['coverage'] }[];
}

export interface UnrecognisedFramework {
  /** The package's name (package.json `name`), else its folder. */
  package: string;
  /** Folder of its package.json, relative to the working directory (`.` for the working directory). */
  path: string;
  /** The dependency that names the framework. */
  dependency: string;
  framework: string;
  /** `unsupported`: no adapter recognises the framework; `none-found`: one does, but found no entry point in the package. */
  reason: 'unsupported' | 'none-found';
}

export interface RunResult {
  schemaVersion: 1;
  tool: { name: string; version: string };
  mode: 'blocking' | 'advisory';
  pillars: string[];
  summary: RunSummary;
  findings: Finding[];
  targets?: TargetResult[];
  /** Findings silenced by inline comments (present when there are any). */
  suppressedFindings?: SuppressedFinding[];
  /**
   * With `--baseline` / `--update-baseline`: the baseline file and how many of its entries no longer occur;
   * with `--baseline`, the coverage per rule it recorded, when it did (reports show the change since).
   */
  baseline?: { file: string; entries: number; fixed: number; coverage?: RunSummary['coverage'] };
}
