// Temporary projects for tests: write files into a fresh folder, clean up after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctrines-'));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return dir;
}
