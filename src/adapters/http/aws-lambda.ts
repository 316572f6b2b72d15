// AWS Lambda request handlers: exports of modules that use the `aws-lambda` types (`APIGatewayProxyHandler`,
// `APIGatewayProxyHandlerV2`, `ALBHandler`, `LambdaFunctionURLHandler`, an `APIGatewayProxyEvent`-typed
// parameter…), `middy` wrappers (`middy(fn)`, `middy().handler(fn)`; middlewares that emit, such as
// Powertools' `captureLambdaHandler(tracer)`, cover the handler) and Powertools handler classes; and,
// after the walk, the handlers serverless.yml / serverless.ts, SAM templates and CDK `NodejsFunction`s
// deploy behind API Gateway, an ALB or a function URL. Event handlers (SQS, SNS, …) are the actor side
// (actor/aws-lambda.ts); this adapter also owns the project hook for both, which names a handler after
// its route when the config gives one (`lambda GET /orders/{id} getOrder`).
import { defineAdapter } from '../types.js';
import { CDK_MODEL, CDK_PACKAGES, FRAMEWORK, LAMBDA_PACKAGES, MIDDY, cdkVisitor, isRequestEvent, lambdaHandlers, lambdaProjectHook, moduleTarget } from '../aws-lambda-common.js';

export default defineAdapter({
  name: FRAMEWORK,
  targetKind: 'http-handler',
  packages: [...LAMBDA_PACKAGES, ...CDK_PACKAGES],
  model: {
    imports: { '@middy/core': { default: MIDDY }, ...CDK_MODEL.imports },
    members: {
      [MIDDY]: { '()': 'middy.instance' },
      'middy.instance': Object.fromEntries(['use', 'before', 'after', 'onError', 'handler'].map((m) => [`${m}()`, 'middy.instance'])),
      ...CDK_MODEL.members,
    },
  },
  create(ctx) {
    const lambda = LAMBDA_PACKAGES.some((p) => [...ctx.importSpecifiers].some((s) => s === p || s.startsWith(`${p}/`)));
    const cdk = CDK_PACKAGES.some((p) => [...ctx.importSpecifiers].some((s) => s === p || s.startsWith(`${p}/`)));
    const declarations = cdk ? cdkVisitor(ctx) : undefined;
    return {
      ...(declarations ? { NewExpression: declarations.NewExpression, CallExpression: declarations.CallExpression, VariableDeclaration: declarations.VariableDeclaration } : {}),
      end() {
        declarations?.end();
        if (!lambda) return;
        for (const h of lambdaHandlers(ctx)) if (isRequestEvent(h.event)) ctx.addTarget(moduleTarget(ctx, h));
      },
    };
  },
  project: lambdaProjectHook,
});
