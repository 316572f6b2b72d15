// Programmatic API.
export { check, type CheckOptions } from './engine/run.js';
export { PILLARS, ALL_RULES } from './engine/registry.js';
export { FORMATS } from './reporters/index.js';
export type * from './types.js';
export type { ChangedSelection } from './engine/git.js';
export type { UserConfig, RuleSetting } from './config/types.js';

/**
 * Types a `doctrines.config.ts` (or `.js`) for completion and checking in editors; returns the config as given.
 *
 * ```ts
 * import { defineConfig } from 'check-doctrines';
 * export default defineConfig({ rules: { 'otel/outbound-call': ['warn', { categories: ['http', 'db'] }] } });
 * ```
 */
export function defineConfig(config: import('./config/types.js').UserConfig): import('./config/types.js').UserConfig {
  return config;
}
