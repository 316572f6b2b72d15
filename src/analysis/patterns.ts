// Small glob matchers for config patterns: callee names (`metrics.*`) and file globs (`src/pages/**`).

const escape = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

/** A callee-name pattern: `*` matches any run of characters, everything else is literal. */
export function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`);
}

/** A path glob: `**` crosses folders, `*` and `?` do not, `{a,b}` alternates. Paths are POSIX. */
export function pathGlobToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, close).split(',').map(escape).join('|')})`;
        i = close;
      }
    } else re += escape(c);
  }
  // A folder glob (`src/pages`) matches what is under it.
  return new RegExp(`^${re}(?:/.*)?$`);
}
