// The TypeScript compiler bundled with ts-morph, loaded directly. Importing `ts-morph` from ESM makes
// Node scan ts-morph's 1 MB bundle and load its 3 MB helper library just to reach `ts`; requiring the
// compiler file is about half the start-up cost, paid by every run and every worker thread.
//
// Compiling the 9 MB compiler is most of what remains (about 0.15 s). The build writes a V8 code cache of
// it, warmed by parsing sample files (scripts/ts-code-cache.mjs); with it, loading takes about 0.05 s.
// V8 checks that the cache fits this source and this V8, and ignores it otherwise: a missing, stale or
// foreign cache only costs the normal compile.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const file = require.resolve('@ts-morph/common/dist/typescript.js');
const CODE_CACHE = path.join(__dirname, '..', 'dist', 'typescript.codecache');

let cachedData;
try {
  cachedData = fs.readFileSync(CODE_CACHE);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const mod = { exports: {}, filename: file, id: file, loaded: false };
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
mod.loaded = true;

exports.ts = mod.exports;
/** Whether the compiled code came from the build's cache (false: none, or V8 refused it). */
exports.codeCacheUsed = cachedData !== undefined && script.cachedDataRejected === false;
/** For the build: the code cache of the compiler as compiled so far (call after warming it up). */
exports.createCodeCache = () => script.createCachedData();
exports.CODE_CACHE = CODE_CACHE;
