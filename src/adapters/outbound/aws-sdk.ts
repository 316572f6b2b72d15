// AWS SDK v3: `client.send(command)` on any `new XClient(…)` of an `@aws-sdk/*` package (also
// `DynamoDBDocumentClient.from(…)` and parameters or properties typed `XClient`).
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export default defineClientAdapter({
  name: 'aws-sdk',
  library: '@aws-sdk',
  category: 'sdk',
  packages: ['@aws-sdk'],
  model: {
    imports: { '@aws-sdk/*': { '*Client': 'aws.ClientClass' } },
    members: { 'aws.ClientClass': { new: 'aws.client', ':': 'aws.client', 'from()': 'aws.client' } },
  },
  calls: { 'aws.client': ['send()'] },
  autoInstrumentedBy: [I.awsSdk],
});
