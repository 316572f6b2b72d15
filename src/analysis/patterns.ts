// Glob matchers for config patterns: callee names (`metrics.*`) and path globs (`include`, `exclude`,
// `ui.components`). One path-glob implementation serves discovery and the adapters.

const escape = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

/** A callee-name pattern: `*` matches any run of characters, everything else is literal. */
export function nameGlobToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`);
}

/** A glob that matches a folder covers what is under it: true when `rel` or one of its parent folders matches. */
export function matchesSelfOrParent(match: (rel: string) => boolean, rel: string): boolean {
  for (let r = rel; r !== ''; r = r.slice(0, Math.max(0, r.lastIndexOf('/')))) {
    if (match(r)) return true;
  }
  return false;
}

// --- globs ----------------------------------------------------------------------------------------------

/** A matcher for POSIX paths relative to cwd: true when one of the globs matches the whole path. */
export function globMatcher(globs: string[]): (rel: string) => boolean {
  const res = globs.map(globToRegExp);
  return (rel) => res.some((re) => re.test(rel));
}

/**
 * `*` and `?` (not across `/`), `**` as a whole segment (any number of segments, none included), `[abc]` /
 * `[!abc]`, `{a,b}` (nested), `\` escapes the next character. A leading `./` and a trailing `/` are dropped.
 * Written here rather than imported: micromatch/picomatch are not direct dependencies of the package.
 */
export function globToRegExp(glob: string): RegExp {
  let g = glob;
  while (g.startsWith('./')) g = g.slice(2);
  while (g.length > 1 && g.endsWith('/')) g = g.slice(0, -1);
  return new RegExp(`^${translate(g)}$`, process.platform === 'win32' ? 'i' : '');
}

function translate(g: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '\\' && i + 1 < g.length) {
      out += escapeRe(g[++i]);
    } else if (c === '*') {
      const wholeSegment = g[i + 1] === '*' && (i === 0 || g[i - 1] === '/') && (i + 2 === g.length || g[i + 2] === '/');
      if (!wholeSegment) {
        while (g[i + 1] === '*') i++;
        out += '[^/]*';
      } else if (i + 2 < g.length) {
        out += '(?:.*/)?'; // `**/`: zero or more leading segments
        i += 2;
      } else if (i === 0) {
        out += '.*';
        i += 1;
      } else {
        out = `${out.slice(0, -1)}(?:/.*)?`; // `a/**`: `a` and everything below it
        i += 1;
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[' && g.indexOf(']', i + 2) !== -1) {
      const end = g.indexOf(']', i + 2);
      let body = g.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^/' : ''}${body.replace(/[\\\]^[]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{' && hasClosingBrace(g, i)) {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) {
      out += '|';
    } else {
      out += escapeRe(c);
    }
  }
  return out;
}

function hasClosingBrace(g: string, open: number): boolean {
  let depth = 0;
  for (let i = open; i < g.length; i++) {
    if (g[i] === '\\') i++;
    else if (g[i] === '{') depth++;
    else if (g[i] === '}' && --depth === 0) return true;
  }
  return false;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
