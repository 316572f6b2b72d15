// Stripe: every resource method of a `new Stripe(key)` client (`stripe.customers.create(…)`,
// `stripe.checkout.sessions.retrieve(…)`) is an API request; webhook signature checks run locally.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export default defineClientAdapter({
  name: 'stripe',
  library: 'stripe',
  category: 'sdk',
  packages: ['stripe'],
  model: {
    imports: { stripe: { default: 'stripe.Class', Stripe: 'stripe.Class' } },
    members: {
      'stripe.Class': { new: 'stripe.client', '()': 'stripe.client', ':': 'stripe.client' },
      // Resources nest (`checkout.sessions`); any property of the client or a resource is a resource.
      'stripe.client': { '*': 'stripe.resource' },
      'stripe.resource': { '*': 'stripe.resource' },
    },
  },
  calls: { 'stripe.resource': ['*()'] },
  except: { 'stripe.resource': ['constructEvent', 'constructEventAsync', 'generateTestHeaderString', 'generateTestHeaderStringAsync', 'signature'] },
  autoInstrumentedBy: [I.http],
});
