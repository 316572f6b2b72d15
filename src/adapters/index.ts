// Every framework adapter, in one list. Adding one: copy src/adapters/_template.ts, add it here, and add
// its fixture under fixtures/; test/consistency.test.ts names whatever is missing.
import type { Adapter } from './types.js';
import express from './http/express.js';

export const ADAPTERS: Adapter[] = [express];
