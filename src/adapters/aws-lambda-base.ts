// AWS Lambda: the names the parts of the Lambda support share (aws-lambda-common.ts lists the parts).
import { ts } from '#ts';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use).
const { isAsExpression, isNonNullExpression, isParenthesizedExpression, isSatisfiesExpression } = ts;

export const FRAMEWORK = 'aws-lambda';
/** Packages whose import marks a module that may export Lambda handlers. */
export const LAMBDA_PACKAGES = ['aws-lambda', '@types/aws-lambda', '@middy/core', '@aws-lambda-powertools'];
/** `aws-lambda`, its subpaths (`aws-lambda/trigger/sqs`), and `@types/aws-lambda`. */
export const isTypePackage = (specifier: string) => /^(?:@types\/)?aws-lambda(?:\/|$)/.test(specifier);
export const MIDDY = 'middy.factory';
export const MIDDY_INSTANCE = 'middy.instance';

/**
 * Packages that turn a web framework app into a Lambda handler (`serverless(app)`, `handle(app)`): such a
 * handler only hands the request to the app, whose routes are the targets.
 */
const APP_ADAPTERS = /^(?:serverless-http|aws-serverless-express|@vendia\/serverless-express|@codegenie\/serverless-express|@fastify\/aws-lambda|aws-lambda-fastify|@hono\/aws-lambda|hono\/aws-lambda|@h4ad\/serverless-adapter|lambda-api)(?:\/|$)/;
export const isAppAdapter = (specifier: string) => APP_ADAPTERS.test(specifier);

/** Events whose handler serves a request: an `http-handler` target. The rest are `actor` targets. */
export const REQUEST_EVENTS = new Set(['http', 'authorizer', 'cloudfront', 'appsync']);
export const isRequestEvent = (event: string | undefined) => event === undefined || REQUEST_EVENTS.has(event);

/** The expression inside parentheses, `as`, `satisfies` and `!`. */
export const strip = (e: ts.Expression): ts.Expression =>
  isParenthesizedExpression(e) || isAsExpression(e) || isSatisfiesExpression(e) || isNonNullExpression(e) ? strip(e.expression) : e;
