// AWS Lambda event handlers: exports of modules that use the `aws-lambda` types for an event source
// (`SQSHandler`, `SNSEvent`, `EventBridgeHandler`, `ScheduledHandler`, `KinesisStreamHandler`,
// `DynamoDBStreamHandler`, `S3Handler`, …), directly or through `middy`. Handlers that config files
// declare with such events (serverless.yml `sqs`/`sns`/`schedule`/…, SAM `SQS`/`Schedule`/…, CDK
// `addEventSource(new SqsEventSource(…))`) are made targets after the walk by the project hook of the
// http adapter (http/aws-lambda.ts), which reads those files once for both kinds.
import { defineAdapter } from '../types.js';
import { FRAMEWORK, LAMBDA_PACKAGES, isRequestEvent, lambdaHandlers, moduleTarget } from '../aws-lambda-common.js';

export default defineAdapter({
  name: FRAMEWORK,
  targetKind: 'actor',
  packages: LAMBDA_PACKAGES,
  create(ctx) {
    return {
      end() {
        for (const h of lambdaHandlers(ctx)) if (!isRequestEvent(h.event)) ctx.addTarget(moduleTarget(ctx, h));
      },
    };
  },
});
