import { ts } from '#ts';
import { defineRule } from '../../src/engine/rule.js';
import { OUTER_TYPES, skipOuterExpressions } from '../../src/analysis/semantic.js';
import { attributeEntries, mayNameTelemetry, telemetryCall } from '../../src/analysis/telemetry-calls.js';
import { isLiteral, nameParts } from '../../src/analysis/telemetry-names.js';

/**
 * What personal or secret data is called, as words (matched against the words of a key: `user.email`,
 * `api_key`, `accessToken`, `http.request.header.authorization`).
 */
export const SENSITIVE_WORDS = [
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'client secret', 'token', 'access token', 'refresh token', 'id token', 'bearer',
  'api key', 'apikey', 'access key', 'private key', 'secret key', 'authorization', 'cookie', 'set cookie', 'credentials', 'credential',
  'email', 'e mail', 'phone', 'phone number', 'ssn', 'social security', 'credit card', 'card number', 'cvv', 'cvc', 'iban',
];

/** Words that make a key describe the sensitive thing rather than hold it: `token.count`, `email.verified`, `password.hash`. */
const ABOUT = new Set([
  'count', 'counts', 'length', 'size', 'limit', 'limits', 'type', 'types', 'kind', 'usage', 'used', 'expires', 'expiry', 'expiration', 'ttl',
  'present', 'exists', 'valid', 'invalid', 'status', 'id', 'ids', 'name', 'provider', 'source', 'hash', 'hashed', 'masked', 'redacted',
  'verified', 'enabled', 'required', 'missing', 'set', 'has', 'is', 'public', 'domain', 'template', 'format', 'scheme', 'age', 'version', 'strength',
]);

/** A key's words: split at punctuation and camelCase, lower-cased (`apiKey` → api key). */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** The sensitive word sequence in a key, unless another word says the key only describes it. */
export function sensitiveIn(key: string, patterns: string[][]): string | undefined {
  const words = keyWords(key);
  for (const p of patterns) {
    for (let i = 0; i + p.length <= words.length; i++) {
      if (!p.every((w, j) => words[i + j] === w)) continue;
      // A describing word outside the match (`token.count`; not the `id` of `national id`).
      return words.some((w, k) => (k < i || k >= i + p.length) && ABOUT.has(w)) ? undefined : p.join(' ');
    }
  }
  return undefined;
}

/**
 * The matcher for one set of options, built once (the options object is the same for every file of a run),
 * with its answers kept: the same keys come back in file after file.
 */
const matchers = new WeakMap<object, (key: string) => string | undefined>();
function matcherFor(options: { add: string[]; remove: string[] }): (key: string) => string | undefined {
  let m = matchers.get(options);
  if (m) return m;
  const removed = new Set(options.remove.map((w) => keyWords(w).join(' ')));
  const patterns = [...SENSITIVE_WORDS, ...options.add]
    .map((w) => keyWords(w))
    .filter((p) => p.length && !removed.has(p.join(' ')))
    // Longest first, so the message names `access token` rather than `token`.
    .sort((a, b) => b.length - a.length);
  const firstWords = new Set(patterns.map((p) => p[0]));
  const seen = new Map<string, string | undefined>();
  m = (key: string) => {
    if (seen.has(key)) return seen.get(key);
    // Most keys hold no word a pattern starts with: a cheap test on the lower-cased text first.
    const lower = key.toLowerCase();
    let maybe = false;
    for (const w of firstWords) if (lower.includes(w)) { maybe = true; break; }
    const hit = maybe ? sensitiveIn(key, patterns) : undefined;
    if (seen.size > 50_000) seen.clear();
    seen.set(key, hit);
    return hit;
  };
  matchers.set(options, m);
  return m;
}

export default defineRule({
  meta: {
    id: 'otel/sensitive-attribute',
    pillar: 'otel',
    description: 'Telemetry carries no personal or secret data: no attribute keyed or valued as a password, token, key, cookie, email or card number.',
    defaultSeverity: 'warn',
    messages: {
      key: "Attribute '{{key}}' looks like {{what}} data",
      value: 'Attribute {{key}} is set from {{value}}, which looks like {{what}} data',
    },
    help: 'Leave the value out, or record a non-identifying form of it (a hash, a length, a presence flag).',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        add: { type: 'array', items: { type: 'string' }, description: 'More words or word sequences (`national id`) that name sensitive data.' },
        remove: { type: 'array', items: { type: 'string' }, description: 'Built-in words not to flag (`email` where emails are business data).' },
      },
    },
    defaultOptions: { add: [] as string[], remove: [] as string[] },
  },
  create(ctx) {
    const matcher = matcherFor(ctx.options);
    const names = { imports: ctx.imports, kindOf: (e: ts.Node) => ctx.kindOf(e) };
    const text = (n: ts.Node) => ctx.text(n);
    const what = (w: string) => (/(password|passwd|pwd|passphrase|secret|token|bearer|key|authorization|cookie|credential)/.test(w) ? 'secret' : 'personal');
    const judge = (node: ts.Node, keyExpr: ts.Expression | undefined, keyText: string | undefined, value: ts.Expression | undefined) => {
      let key = keyText;
      if (key === undefined && keyExpr) {
        const parts = nameParts(names, keyExpr, text);
        if (isLiteral(parts)) key = parts.join('');
      }
      const hit = key !== undefined ? matcher(key) : undefined;
      if (hit) return ctx.report(node, 'key', { key: key!, what: what(hit) });
      // The value: a variable or property named for sensitive data (`user.email`, `req.headers.authorization`).
      const v = value && skipOuterExpressions(value, OUTER_TYPES);
      const last = v && (ts.isIdentifier(v) ? v.text : ts.isPropertyAccessExpression(v) ? v.name.text : undefined);
      const valueHit = last !== undefined ? matcher(last) : undefined;
      if (valueHit) ctx.report(v!, 'value', { key: key !== undefined ? `'${key}'` : text(keyExpr ?? node), value: text(v!), what: what(valueHit) });
    };
    return {
      CallExpression(call: ts.CallExpression) {
        if (!mayNameTelemetry(call)) return;
        const t = telemetryCall(names, call, text);
        if (!t) return;
        if (t.kind === 'attribute' && t.name) judge(t.name, t.name, undefined, t.value);
        for (const e of t.attributes ? attributeEntries(t.attributes) : []) judge(e.key, e.keyExpr, e.text, e.value);
      },
    };
  },
});
