// Preloaded by the CLI tests (node --require) to simulate an internal crash: JSON.stringify throws, which
// the engine uses for its cache key before any analysis.
JSON.stringify = () => {
  throw new TypeError('simulated internal failure');
};
