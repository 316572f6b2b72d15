// AWS Lambda: the functions serverless.yml / serverless.ts and SAM / CloudFormation templates deploy, with
// the module and export each runs and the events that invoke it (aws-lambda-common.ts lists the other parts).
import path from 'node:path';
import type { ConfigDocument, ProjectContext } from '../analysis/framework-config.js';

/** One function a config deploys, with the module and export that run. */
export interface Declared {
  /** Candidate module paths (absolute, extension optional), first found wins. */
  modules: string[];
  exportName: string;
  /** The function's name in the config (serverless function key, SAM logical id, CDK construct id). */
  functionName: string;
  /** `http GET /orders` style for requests (method and path when known), else the event name. */
  events: LambdaEvent[];
}

export type LambdaEvent = { event: string; method?: string; path?: string };

// --- serverless.yml / serverless.ts ------------------------------------------------------------------

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

export function serverlessFunctions(doc: ConfigDocument, p: ProjectContext): Declared[] {
  const data = doc.data;
  if (!isObj(data)) return [];
  const dir = path.dirname(doc.abs);
  const provider = isObj(data.provider) ? data.provider : {};
  // Azure, Google, Aliyun … services deploy no Lambda.
  if (typeof provider.name === 'string' && provider.name !== 'aws') return [];
  const providerRuntime = typeof provider.runtime === 'string' ? provider.runtime : undefined;
  const fns: [string, unknown][] = [];
  const addAll = (v: unknown) => {
    const x = typeof v === 'string' ? include(v) : v;
    if (isObj(x)) fns.push(...Object.entries(x));
    else if (Array.isArray(x)) for (const item of x) addAll(item);
  };
  /** `${file(./functions.yml)}` / `${file(./functions.yml):functions}`: another YAML file's content. */
  const include = (v: string): unknown => {
    const m = /^\$\{file\(([^)]+)\)(?::([\w.]+))?\}$/.exec(v.trim());
    if (!m) return undefined;
    const included = p.readConfig(path.resolve(dir, m[1]));
    let out: unknown = included?.data;
    for (const k of m[2]?.split('.') ?? []) out = isObj(out) ? out[k] : undefined;
    return out;
  };
  addAll(data.functions);
  // Functions other functions' `http` events name as their `authorizer`: API Gateway runs them per request.
  const authorizers = new Set<string>();
  for (const [, fn] of fns) {
    for (const e of isObj(fn) && Array.isArray(fn.events) ? fn.events : []) {
      const http = isObj(e) ? (e.http ?? e.httpApi) : undefined;
      const a = isObj(http) ? http.authorizer : undefined;
      const name = typeof a === 'string' ? a : isObj(a) && typeof a.name === 'string' ? a.name : undefined;
      if (name) authorizers.add(name);
    }
  }
  const out: Declared[] = [];
  for (const [functionName, fn] of fns) {
    if (!isObj(fn) || typeof fn.handler !== 'string') continue;
    const runtime = typeof fn.runtime === 'string' ? fn.runtime : providerRuntime;
    if (runtime && !/^nodejs/i.test(runtime)) continue;
    const handler = selfVariables(fn.handler, data);
    const dot = handler.lastIndexOf('.');
    if (handler.includes('${') || dot <= 0) {
      p.diagnostic(`aws-lambda: ${doc.file}: handler "${fn.handler}" of ${functionName} is not a file.export path`);
      continue;
    }
    const events = (Array.isArray(fn.events) ? fn.events : []).flatMap((e) => serverlessEvent(e));
    if (authorizers.has(functionName)) events.push({ event: 'authorizer' });
    out.push({ modules: [path.resolve(dir, handler.slice(0, dot))], exportName: handler.slice(dot + 1), functionName, events });
  }
  return out;
}

/** `${self:custom.dir}` resolved in the same file; other variables are left as written. */
function selfVariables(s: string, data: Json): string {
  return s.replace(/\$\{self:([\w.-]+)\}/g, (all, key: string) => {
    let v: unknown = data;
    for (const k of key.split('.')) v = isObj(v) ? v[k] : undefined;
    return typeof v === 'string' ? v : all;
  });
}

const SERVERLESS_EVENTS: Record<string, string> = {
  sqs: 'sqs',
  sns: 'sns',
  schedule: 'schedule',
  eventBridge: 'eventbridge',
  cloudwatchEvent: 'eventbridge',
  cloudwatchLog: 'cloudwatch-logs',
  s3: 's3',
  cognitoUserPool: 'cognito',
  iot: 'iot',
  iotFleetProvisioning: 'iot',
  alexaSkill: 'alexa',
  alexaSmartHome: 'alexa',
  msk: 'msk',
  kafka: 'kafka',
  activemq: 'mq',
  rabbitmq: 'mq',
  websocket: 'websocket',
  cloudFront: 'cloudfront',
};

function serverlessEvent(e: unknown): LambdaEvent[] {
  if (!isObj(e)) return [];
  const [key, v] = Object.entries(e)[0] ?? [];
  if (!key) return [];
  if (key === 'http' || key === 'httpApi') {
    if (typeof v === 'string') {
      if (v.trim() === '*') return [{ event: 'http', method: 'ANY', path: '*' }];
      const [method, route] = v.trim().split(/\s+/);
      return [{ event: 'http', method: normMethod(method), path: normPath(route) }];
    }
    if (isObj(v)) return [{ event: 'http', method: normMethod(v.method), path: normPath(v.path) }];
    return [{ event: 'http' }];
  }
  if (key === 'alb') {
    const c = isObj(v) && isObj(v.conditions) ? v.conditions : {};
    const paths = ([] as unknown[]).concat(c.path ?? []);
    const methods = ([] as unknown[]).concat(c.method ?? []);
    return [{ event: 'http', method: methods.length ? methods.map((m) => normMethod(m)).join(',') : undefined, path: typeof paths[0] === 'string' ? normPath(paths[0]) : undefined }];
  }
  if (key === 'stream') {
    const type = isObj(v) ? v.type : undefined;
    const arn = JSON.stringify(isObj(v) ? v.arn : v) ?? '';
    return [{ event: type === 'kinesis' || /kinesis/i.test(arn) ? 'kinesis' : 'dynamodb' }];
  }
  return [{ event: SERVERLESS_EVENTS[key] ?? key.toLowerCase() }];
}

function normMethod(m: unknown): string | undefined {
  if (typeof m !== 'string' || !m) return undefined;
  return m === '*' ? 'ANY' : m.toUpperCase();
}

function normPath(p: unknown): string | undefined {
  if (typeof p !== 'string') return undefined;
  return p === '*' ? '*' : `/${p.replace(/^\/+/, '')}`;
}

// --- SAM / CloudFormation -------------------------------------------------------------------------

const SAM_EVENTS: Record<string, string> = {
  Api: 'http',
  HttpApi: 'http',
  SQS: 'sqs',
  SNS: 'sns',
  Schedule: 'schedule',
  ScheduleV2: 'schedule',
  EventBridgeRule: 'eventbridge',
  CloudWatchEvent: 'eventbridge',
  CloudWatchLogs: 'cloudwatch-logs',
  Kinesis: 'kinesis',
  DynamoDB: 'dynamodb',
  S3: 's3',
  MSK: 'msk',
  MQ: 'mq',
  SelfManagedKafka: 'kafka',
  Cognito: 'cognito',
  IoTRule: 'iot',
  AlexaSkill: 'alexa',
  DocumentDB: 'documentdb',
};

export function samFunctions(doc: ConfigDocument): Declared[] {
  const data = doc.data;
  if (!isObj(data) || !isObj(data.Resources)) return [];
  const dir = path.dirname(doc.abs);
  const globals = isObj(data.Globals) && isObj(data.Globals.Function) ? data.Globals.Function : {};
  const out: Declared[] = [];
  for (const [logicalId, res] of Object.entries(data.Resources)) {
    if (!isObj(res) || (res.Type !== 'AWS::Serverless::Function' && res.Type !== 'AWS::Lambda::Function')) continue;
    const props = isObj(res.Properties) ? res.Properties : {};
    const sam = res.Type === 'AWS::Serverless::Function';
    const handler = props.Handler ?? (sam ? globals.Handler : undefined);
    const runtime = props.Runtime ?? (sam ? globals.Runtime : undefined);
    if (typeof handler !== 'string' || (typeof runtime === 'string' && !/^nodejs/i.test(runtime)) || props.PackageType === 'Image') continue;
    const code = sam ? (props.CodeUri ?? globals.CodeUri) : props.Code;
    const codeDir = typeof code === 'string' ? code : code === undefined && sam ? '.' : undefined;
    if (codeDir === undefined) continue;
    const dot = handler.lastIndexOf('.');
    if (dot <= 0) continue;
    const module = handler.slice(0, dot);
    const root = path.resolve(dir, codeDir);
    const modules = [path.join(root, module)];
    // An esbuild build (`Metadata: BuildMethod: esbuild`) names the source entry points.
    const build = isObj(res.Metadata) && isObj(res.Metadata.BuildProperties) ? res.Metadata.BuildProperties : {};
    for (const ep of Array.isArray(build.EntryPoints) ? build.EntryPoints : []) {
      if (typeof ep === 'string' && path.basename(ep).replace(/\.[^.]+$/, '') === path.basename(module)) modules.push(path.join(root, ep));
    }
    const events: LambdaEvent[] = [];
    for (const ev of Object.values(isObj(props.Events) ? props.Events : {})) {
      if (!isObj(ev) || typeof ev.Type !== 'string') continue;
      const event = SAM_EVENTS[ev.Type] ?? ev.Type.toLowerCase();
      const ep = isObj(ev.Properties) ? ev.Properties : {};
      if (event === 'http') events.push({ event, method: normMethod(ep.Method ?? 'ANY'), path: typeof ep.Path === 'string' ? normPath(ep.Path) : undefined });
      else events.push({ event });
    }
    out.push({ modules, exportName: handler.slice(dot + 1), functionName: logicalId, events });
  }
  return out;
}
