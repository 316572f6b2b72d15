import { PILLARS as RULE_PILLARS } from '../../rules/index.js';
import { analysisError, configFileError, parseError, suppressionReason, unusedSuppression } from './core-rules.js';
import type { Pillar, Rule } from './rule.js';

export const PILLARS: Pillar[] = RULE_PILLARS;
export const CORE_RULES: Rule[] = [parseError, analysisError, configFileError, suppressionReason, unusedSuppression];
export const ALL_RULES: Rule[] = [...CORE_RULES, ...PILLARS.flatMap((p) => p.rules)];
