// The GitHub Action (action.yml, composite): its shape, and its step's script run as the runner would run it
// (GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP), on a project without its own install.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROUTE = `import express from 'express';
const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
`;

function runStep(cwd: string, inputs: Record<string, string>) {
  const tmp = fs.mkdtempSync(path.join(cwd, '.runner-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    GITHUB_ACTION_PATH: ROOT,
    RUNNER_TEMP: tmp,
    GITHUB_OUTPUT: path.join(tmp, 'output'),
    GITHUB_STEP_SUMMARY: path.join(tmp, 'summary.md'),
    ...inputs,
  };
  delete env.NO_COLOR;
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'action-run.sh')], { cwd, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    fs.readFileSync(path.join(tmp, 'output'), 'utf8').trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  const summary = fs.existsSync(env.GITHUB_STEP_SUMMARY!) ? fs.readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8') : '';
  return { ...r, outputs, summary };
}

describe('GitHub Action', () => {
  it('is a composite action with the documented inputs: runs the tool, uploads SARIF, then fails the job on findings', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
    expect(Object.keys(action.inputs).sort()).toEqual(['advisory', 'args', 'paths', 'pillar', 'upload-sarif', 'working-directory']);
    expect(action.runs.using).toBe('composite');
    const [run, upload, fail] = action.runs.steps;
    expect(run.run).toContain('scripts/action-run.sh');
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@v3$/);
    expect(upload.if).toContain("inputs.upload-sarif == 'true'");
    expect(fail.run).toContain('steps.run.outputs.exit-code');
  });

  it('annotates, writes the SARIF and the job summary, and hands on the exit code instead of failing before the upload', () => {
    const repo = tempProject({ 'packages/api/package.json': '{"name":"api"}', 'packages/api/src/app.ts': ROUTE });
    fs.mkdirSync(path.join(repo, '.git'));
    const cwd = path.join(repo, 'packages', 'api');
    const r = runStep(cwd, { INPUT_PILLAR: 'otel', INPUT_PATHS: 'src', INPUT_ARGS: '--no-cache' });
    expect(r.status).toBe(0);
    expect(r.outputs['exit-code']).toBe('1');
    expect(r.stdout).toMatch(/^::error file=packages\/api\/src\/app\.ts,line=3,/m);
    const sarif = JSON.parse(fs.readFileSync(r.outputs['sarif-file'], 'utf8'));
    expect(sarif.runs.flatMap((x: { results: unknown[] }) => x.results)).toHaveLength(1);
    expect(r.summary).toContain('check-doctrines: 1 error');

    const advisory = runStep(cwd, { INPUT_PATHS: 'src', INPUT_ADVISORY: 'true', INPUT_ARGS: '--no-cache' });
    expect(advisory.outputs['exit-code']).toBe('0');
    expect(advisory.stdout).toMatch(/^::warning file=packages\/api\/src\/app\.ts/m);
  });
});
