import { instrumentAsync, instrumentSync } from './telemetry/tracing';

export async function nightly() {
  await instrumentAsync({ name: 'jobs.nightly', root: true }, async () => undefined);
  instrumentSync({ name: 'jobs.compact' }, () => undefined);
}
