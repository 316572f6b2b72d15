export { ts } from 'ts-morph';
/** Whether the compiler's compiled code came from a code cache. */
export declare const codeCacheUsed: boolean;
/** The code cache file of this compiler and Node, when a cache folder was named (CHECK_DOCTRINES_TS_CACHE). */
export declare const CODE_CACHE: string | undefined;
/** Writes the code cache after a run, when a cache folder was named and none was used; whether it wrote. */
export declare function saveCodeCache(): boolean;
