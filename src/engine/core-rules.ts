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

export const analysisError = defineRule({
  meta: {
    id: 'doctrines/analysis-error',
    pillar: 'doctrines',
    description: 'A file could not be analysed (syntax nested too deep, or an internal error); nothing in it was checked.',
    defaultSeverity: 'warn',
    requiresTypeChecking: false,
    messages: {
      failed:
        'This file was not analysed: {{reason}}. Its handlers, calls and logs were not checked; exclude it if it is generated, or report the problem if it is not.',
    },
    help: 'Exclude generated files in config (`exclude`); if the file is hand-written, run with --verbose and report the problem.',
  },
});

export const configFileError = defineRule({
  meta: {
    id: 'doctrines/config-file-error',
    pillar: 'doctrines',
    description: 'A framework config file the analysis reads (serverless, SAM template, wrangler) is malformed; the entry points it declares are not known.',
    defaultSeverity: 'warn',
    requiresTypeChecking: false,
    messages: {
      malformed:
        'This {{kind}} config file does not parse: {{message}}. The handlers, Workers and Durable Objects it declares are not checked until it does; fix the syntax (the framework would reject it too).',
    },
    help: 'Fix the syntax at the line shown; the analysis of the code goes on without what this file declares.',
  },
});

export const suppressionReason = defineRule({
  meta: {
    id: 'doctrines/suppression-reason',
    pillar: 'doctrines',
    description: 'An inline `doctrines-disable` comment gives no reason after ` -- `; it suppresses nothing.',
    defaultSeverity: 'error',
    requiresTypeChecking: false,
    messages: {
      noReason:
        'This doctrines-disable comment gives no reason, so it suppresses nothing: a silenced finding without a why is a blind spot nobody can review later. Add " -- <why the doctrine does not apply here>" after the rule ids, e.g. `// doctrines-disable-next-line otel/http-handler -- health check, no user traffic`.',
    },
    help: 'Write the reason after ` -- ` in the comment: `// doctrines-disable-next-line <rule> -- <reason>`.',
  },
});

export const unusedSuppression = defineRule({
  meta: {
    id: 'doctrines/unused-suppression',
    pillar: 'doctrines',
    description: 'An inline `doctrines-disable` comment matches no finding, or names a rule that does not exist.',
    defaultSeverity: 'warn',
    requiresTypeChecking: false,
    messages: {
      unused:
        'This doctrines-disable comment{{forRules}} matches no finding on the line it applies to: a stale suppression would silently hide the next real problem there. Remove it (or move it onto the line the finding is reported at).',
      unknownRule:
        'This doctrines-disable comment names "{{rule}}", which is not a rule, so it suppresses nothing for it. Use a rule id listed by `check-doctrines rules`, or remove it.',
    },
    help: 'Remove the comment, or fix the rule id or the line it sits on (`disable-line` applies to its own line, `disable-next-line` to the next one).',
  },
});
