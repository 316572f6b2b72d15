import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'otel/ui-component',
    pillar: 'otel',
    description: 'Page-level UI components must emit telemetry on mount or in their event handlers.',
    defaultSeverity: 'warn',
    targetKind: 'ui-component',
    requiresTypeChecking: false,
    messages: {
      missing:
        '{{name}} page component ({{framework}}) emits no telemetry: page views, slow renders and failed interactions on this page are invisible. ' +
        'Emit on mount (an effect or telemetry hook) or in its event handlers, or wrap it in an instrumenting HOC.',
    },
    help: 'Call a telemetry hook or emit in a useEffect on mount, emit in event handlers, or wrap the page in an instrumenting higher-order component.',
  },
  checkTarget(target, ctx) {
    if (!ctx.verdict().instrumented) ctx.report('missing', { name: target.name, framework: target.framework });
  },
});
