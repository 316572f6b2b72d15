// Cloudflare Workers event handlers: `scheduled` (cron triggers), `queue` (Queues consumers), `email`
// (Email Routing), `tail` and `trace` (Tail Workers) members of a Worker module's default-export object
// and methods of `WorkerEntrypoint` classes. Which modules are Workers, and the wrangler `main` module
// made a Worker after the walk, are as for `fetch` (http/cloudflare-workers.ts, which owns the project hook).
import { defineAdapter } from '../types.js';
import { FRAMEWORK, WORKER_PACKAGES, mayBeWorkerEntry, recordWorkerEntries } from '../cloudflare-workers-common.js';

export default defineAdapter({
  name: FRAMEWORK,
  targetKind: 'actor',
  packages: WORKER_PACKAGES,
  appliesToPath: mayBeWorkerEntry,
  create(ctx) {
    return {
      end() {
        recordWorkerEntries(ctx, 'actor');
      },
    };
  },
});
