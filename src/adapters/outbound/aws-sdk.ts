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
    imports: { '@aws-sdk/*': { '*Client': 'aws.ClientClass', '*': 'aws.namespace' } },
    members: {
      'aws.ClientClass': { new: 'aws.client', ':': 'aws.client', 'from()': 'aws.client' },
      // `import * as S3 from '@aws-sdk/client-s3'`: `new S3.S3Client()`. Commands reached this way are
      // never sent anything, so treating every export alike is harmless.
      'aws.namespace': { '*': 'aws.ClientClass' },
    },
  },
  calls: { 'aws.client': ['send()'] },
  autoInstrumentedBy: [I.awsSdk],
});
