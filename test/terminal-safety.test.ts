// Control characters from analysed code (a route string, a file name) never reach the terminal raw: the
// human, github and markdown reports escape them; JSON and SARIF keep the exact text (escaped as JSON).
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { runCli } from './helpers/cli.js';
import { escapeControls } from '../src/reporters/terminal-safe.js';

// ESC [2J clears the screen, BEL rings, CR returns to the line start, U+202E reverses the text after it.
const EVIL_PATH = '/a\\u001b[2Jb\\u0007c\\rd\\u202ee';
const files = {
  'package.json': '{"name":"svc"}',
  'src/app.ts': `import express from 'express';\nconst app = express();\napp.get('${EVIL_PATH}', (req, res) => res.json([]));\n`,
  // A file name with an escape sequence and a newline in it.
  'src/bad\u001b[31mname\n.ts': `import express from 'express';\nconst app = express();\napp.get('/x', (req, res) => res.json([]));\n`,
};
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;

describe('terminal safety', () => {
  const dir = tempProject(files);

  it('escapeControls shows controls as escapes and leaves other text alone', () => {
    expect(escapeControls('GET /a\u001b[2Jb\u0007\r\n\u202e ü ✓')).toBe('GET /a\\x1B[2Jb\\x07\\r\\n\\u{202E} ü ✓');
    expect(escapeControls('plain text')).toBe('plain text');
  });

  for (const format of ['human', 'github', 'markdown']) {
    it(`${format}: no raw control character from the code, the escapes shown instead`, () => {
      const r = runCli(dir, ['--format', format, '--no-cache', '--no-color', '--explain'], { GITHUB_STEP_SUMMARY: '' });
      expect(r.code).toBe(1);
      const out = format === 'github' ? r.stdout : r.stdout.replace(/\n/g, '');
      expect(out).not.toMatch(RAW);
      expect(r.stdout).toContain('/a\\x1B[2Jb\\x07c\\rd\\u{202E}e');
      expect(r.stdout).toContain('src/bad\\x1B[31mname\\n.ts');
    });
  }

  it('json keeps the exact text', () => {
    const report = JSON.parse(runCli(dir, ['--format', 'json', '--no-cache']).stdout);
    const names = report.findings.map((f: { target: { name: string } }) => f.target.name);
    expect(names).toContain('GET /a\u001b[2Jb\u0007c\rd\u202ee');
    expect(report.findings.map((f: { file: string }) => f.file)).toContain('src/bad\u001b[31mname\n.ts');
  });
});
