// Cloudflare Workers `fetch` handlers: the `fetch` member of a Worker module's default-export object
// (`export default { fetch }`, `satisfies ExportedHandler<Env>`, a named object exported as default, an
// object given to a wrapper such as `instrument(handler, config)`) and the `fetch` method of
// `WorkerEntrypoint` classes from `cloudflare:workers`. A Worker module imports `cloudflare:workers` or
// `@cloudflare/workers-types`, types its default export `ExportedHandler`, or is the `main` module of a
// wrangler.toml / wrangler.json(c) (the project hook, which also names `scheduled` and `queue` handlers
// after the config's cron triggers and queues). A `fetch` that only hands the request to a framework app
// (`app.fetch(req, env, ctx)`, `fetch: app.fetch`) is not a target: the app's routes are.
import { defineAdapter } from '../types.js';
import { FRAMEWORK, WORKER_MODEL, WORKER_PACKAGES, mayBeWorkerEntry, recordWorkerEntries, workersProjectHook } from '../cloudflare-workers-common.js';

export default defineAdapter({
  name: FRAMEWORK,
  targetKind: 'http-handler',
  packages: WORKER_PACKAGES,
  appliesToPath: mayBeWorkerEntry,
  model: WORKER_MODEL,
  create(ctx) {
    return {
      end() {
        recordWorkerEntries(ctx, 'http-handler');
      },
    };
  },
  project: workersProjectHook,
});
