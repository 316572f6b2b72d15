// The merged library model for a run: every emission family, the logging libraries and every adapter's slice.
import { ADAPTERS } from '../adapters/index.js';
import { EMISSION_FAMILIES } from '../analysis/emissions.js';
import { mergeModels, type LibraryModel } from '../analysis/model.js';
import { LOGGER_MODEL } from '../analysis/loggers.js';

let cached: LibraryModel | undefined;

export function buildModel(): LibraryModel {
  return (cached ??= mergeModels([...EMISSION_FAMILIES.map((f) => f.model), LOGGER_MODEL, ...ADAPTERS.flatMap((a) => (a.model ? [a.model] : []))]));
}
