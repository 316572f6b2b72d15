// Semgrep-style expectations read from fixture comments:
//   `// ruleid: <id>`      the next code line must be flagged by <id>
//   `// ok: <id>`          the next code line must not be flagged by <id>
//   `// todoruleid: <id>`  known false negative: not flagged today (flagging it means the gap is fixed)
//   `// todook: <id>`      known false positive: flagged today (not flagging it means the gap is fixed)
// Several annotations may stack above one line; other comment lines between are skipped.

export type Expectation = 'ruleid' | 'ok' | 'todoruleid' | 'todook';

export interface Annotation {
  kind: Expectation;
  ruleId: string;
  /** 1-based line of the code the annotation describes. */
  line: number;
  /** 1-based line of the annotation itself. */
  at: number;
}

const ANNOTATION = /(?:\/\/|\/\*|\{\/\*)\s*(todoruleid|todook|ruleid|ok):\s*([\w@/.-]+(?:\s*,\s*[\w@/.-]+)*)/;
/** In YAML and TOML files (framework config fixtures), annotations are `#` comments. */
const HASH_ANNOTATION = /#\s*(todoruleid|todook|ruleid|ok):\s*([\w@/.-]+(?:\s*,\s*[\w@/.-]+)*)/;

export function readAnnotations(text: string, opts: { hashComments?: boolean } = {}): Annotation[] {
  const lines = text.split(/\r?\n/);
  const out: Annotation[] = [];
  const annotation = opts.hashComments ? HASH_ANNOTATION : ANNOTATION;
  const comment = opts.hashComments ? /^\s*#/ : /^\s*(\/\/|\/\*|\*|\{\/\*)/;
  for (let i = 0; i < lines.length; i++) {
    const m = annotation.exec(lines[i]);
    if (!m) continue;
    let j = i + 1;
    while (j < lines.length && (comment.test(lines[j]) || lines[j].trim() === '')) j++;
    for (const ruleId of m[2].split(',').map((s) => s.trim())) {
      out.push({ kind: m[1] as Expectation, ruleId, line: j + 1, at: i + 1 });
    }
  }
  return out;
}
