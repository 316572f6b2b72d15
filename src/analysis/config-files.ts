// The names of the framework config files the project phase reads (src/analysis/framework-config.ts),
// apart from the parsers so that discovery can tell them without loading those.

export const SERVERLESS_FILES = ['serverless.yml', 'serverless.yaml', 'serverless.json', 'serverless.ts', 'serverless.js'];
export const SAM_FILES = ['template.yaml', 'template.yml'];
/** `wrangler.toml`, `wrangler.json(c)`, and configs given with `--config`: `worker-a.wrangler.jsonc`, `wrangler.staging.toml`. */
const WRANGLER = /^(?:[\w.-]+\.)?wrangler(?:\.[\w-]+)?\.(?:toml|jsonc?)$/;

export const isServerlessFile = (name: string) => SERVERLESS_FILES.includes(name);
export const isSamFile = (name: string) => SAM_FILES.includes(name);
export const isWranglerFile = (name: string) => WRANGLER.test(name);
export const isFrameworkConfigFile = (name: string) => isServerlessFile(name) || isSamFile(name) || isWranglerFile(name);
