// What a deferred outbound target (TargetSummary.deferred) becomes once the run knows its receiver's kind.
import type { TargetSummary } from '../../types.js';
import { libraryFields } from './client.js';
import { deferredLibrary } from './project-clients.js';

export function deferredTargetFields(call: string, kind: string): Pick<TargetSummary, 'framework' | 'meta' | 'autoInstrumentedBy'> | undefined {
  const lib = deferredLibrary(call, kind);
  return lib && libraryFields(lib);
}
