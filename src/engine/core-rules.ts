// Rules of the engine itself, active whatever pillars are selected.
import { defineRule } from './rule.js';

export const parseError = defineRule({
  meta: {
    id: 'doctrines/parse-error',
    pillar: 'doctrines',
    description: 'A file could not be parsed cleanly; it was analysed as far as the parser recovered.',
    defaultSeverity: 'warn',
    messages: {
      parse: 'Parse error: {{message}} ({{count}} in this file); its findings may be missing or wrong',
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
    messages: {
      failed: 'This file was not analysed: {{reason}}',
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
    messages: {
      malformed: 'This {{kind}} config file does not parse: {{message}}; what it declares is not checked',
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
    messages: {
      noReason: 'This doctrines-disable comment gives no reason, so it suppresses nothing',
    },
    help: 'Write the reason after ` -- `: `// doctrines-disable-next-line otel/http-handler -- health check, no user traffic`.',
  },
});

export const unusedSuppression = defineRule({
  meta: {
    id: 'doctrines/unused-suppression',
    pillar: 'doctrines',
    description: 'An inline `doctrines-disable` comment matches no finding, or names a rule that does not exist.',
    defaultSeverity: 'warn',
    messages: {
      unused: 'This doctrines-disable comment{{forRules}} matches no finding on the line it applies to',
      unknownRule: 'This doctrines-disable comment names "{{rule}}", which is not a rule',
    },
    help: 'Remove it, or fix the rule id (`check-doctrines rules` lists them) or the line it sits on.',
  },
});
