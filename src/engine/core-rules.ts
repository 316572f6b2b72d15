// Rules of the engine itself, active whatever pillars are selected.
import { defineRule } from './rule.js';

export const parseError = defineRule({
  meta: {
    id: 'doctrines/parse-error',
    pillar: 'doctrines',
    description: 'A file could not be parsed cleanly; it was analysed as far as the parser recovered.',
    defaultSeverity: 'warn',
    requiresTypeChecking: false,
    messages: {
      parse:
        'Parse error: {{message}} ({{count}} in this file). Findings in this file may be missing or wrong; fix the syntax, or exclude the file if it is not TypeScript/JavaScript.',
    },
    help: 'Fix the syntax error, or exclude the file in config (`exclude`).',
  },
});
