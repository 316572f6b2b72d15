// The TypeScript compiler bundled with ts-morph, loaded directly. Importing `ts-morph` from ESM makes
// Node scan ts-morph's 1 MB bundle and load its 3 MB helper library just to reach `ts`; requiring the
// compiler file is about half the start-up cost, paid by every run and every worker thread.
//
// The compiler file is found from ts-morph's own location: `@ts-morph/common` is ts-morph's dependency, not
// ours, and a strict package manager (pnpm's isolated linker) only lets a package resolve what it declares.
//
// Compiling the 9 MB compiler is most of what remains (about 0.15 s). A V8 code cache of it, made at the end
// of the first run that uses the analysis cache (`saveCodeCache`, warmed by that run's parsing), is kept in
// the cache folder the CLI names (CHECK_DOCTRINES_TS_CACHE, set by bin/check-doctrines.js); with it, loading
// takes about 0.05 s. V8 checks that a cache fits this source and this V8 and ignores it otherwise, so a
// missing, stale or foreign cache only costs the normal compile; the file name also carries both versions.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const fromTsMorph = Module.createRequire(require.resolve('ts-morph'));
const file = fromTsMorph.resolve('@ts-morph/common/dist/typescript.js');
const version = (() => {
  try {
    return JSON.parse(fs.readFileSync(fromTsMorph.resolve('@ts-morph/common/package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
})();
const dir = process.env.CHECK_DOCTRINES_TS_CACHE || undefined;
const CODE_CACHE = dir && path.join(dir, `typescript-${version}-node-${process.version}-${process.arch}.codecache`);

let cachedData;
try {
  cachedData = CODE_CACHE ? fs.readFileSync(CODE_CACHE) : undefined;
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const mod = { exports: {}, filename: file, id: file, loaded: false };
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
mod.loaded = true;

exports.ts = mod.exports;
/** Whether the compiled code came from a code cache (false: none, or V8 refused it). */
exports.codeCacheUsed = cachedData !== undefined && script.cachedDataRejected === false;
exports.CODE_CACHE = CODE_CACHE;
/**
 * Writes the code cache of the compiler as compiled so far (call after the run has parsed its files), when a
 * cache folder was named and no usable cache was read. Atomic (a temporary file renamed); never throws.
 */
let saved = false;
exports.saveCodeCache = () => {
  // Once per process: a long-lived one (the daemon) would otherwise write it after every run.
  if (!CODE_CACHE || exports.codeCacheUsed || saved) return false;
  saved = true;
  const tmp = `${CODE_CACHE}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(CODE_CACHE), { recursive: true });
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, CODE_CACHE);
    return true;
  } catch {
    // The clean-up may fail as the write did (a cache location under a file: ENOTDIR); it must not throw either.
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
    return false;
  }
};
