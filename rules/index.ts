// The pillar registry: every rule of every pillar. A rule is one file `rules/<pillar>/<rule>.ts` with its
// doc `rules/<pillar>/<rule>.md` and fixtures under `fixtures/<pillar>/<rule>/`.
import type { Pillar } from '../src/engine/rule.js';
import actor from './otel/actor.js';
import httpHandler from './otel/http-handler.js';
import outboundCall from './otel/outbound-call.js';
import semconv from './otel/semconv.js';
import sensitiveAttribute from './otel/sensitive-attribute.js';
import spanName from './otel/span-name.js';
import spanLifecycle from './otel/span-lifecycle.js';
import structuredLogging from './otel/structured-logging.js';
import uiComponent from './otel/ui-component.js';
import unregisteredTelemetry from './otel/unregistered-telemetry.js';

export const PILLARS: Pillar[] = [
  {
    id: 'otel',
    description: 'Observability Telemetry Enforcement Layer: handlers, actors, UI pages and outbound calls emit telemetry; logs are structured; spans are used correctly.',
    rules: [httpHandler, actor, uiComponent, outboundCall, spanLifecycle, structuredLogging, semconv, spanName, sensitiveAttribute, unregisteredTelemetry],
  },
];
