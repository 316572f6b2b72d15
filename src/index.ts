// Programmatic API.
export { check, type CheckOptions } from './engine/run.js';
export { PILLARS, ALL_RULES } from './engine/registry.js';
export { FORMATS } from './reporters/index.js';
export type * from './types.js';
export type { ChangedSelection } from './engine/git.js';
