/** The rules whose findings are uninstrumented targets a suggestion can instrument (src/engine/suggest.ts). */
export const SUGGESTING_RULES: ReadonlySet<string> = new Set(['otel/http-handler', 'otel/actor']);
