// The TypeScript compiler bundled with ts-morph, loaded directly. Importing `ts-morph` from ESM makes
// Node scan ts-morph's 1 MB bundle and load its 3 MB helper library just to reach `ts`; requiring the
// compiler file is about half the start-up cost, paid by every run and every worker thread.
exports.ts = require('@ts-morph/common/dist/typescript.js');
