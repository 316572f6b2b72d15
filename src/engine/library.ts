// The merged library model for a run: every emission family plus every adapter's slice.
import { ADAPTERS } from '../adapters/index.js';
import { EMISSION_FAMILIES } from '../analysis/emissions.js';
import { mergeModels, type LibraryModel } from '../analysis/model.js';

let cached: LibraryModel | undefined;

export function buildModel(): LibraryModel {
  return (cached ??= mergeModels([...EMISSION_FAMILIES.map((f) => f.model), ...ADAPTERS.flatMap((a) => (a.model ? [a.model] : []))]));
}
