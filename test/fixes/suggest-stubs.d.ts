// The libraries' signatures the suggestion fixtures are type-checked against (the parts they use).
declare module '@opentelemetry/api' {
  export enum SpanStatusCode { UNSET = 0, OK = 1, ERROR = 2 }
  interface ExceptionWithMessage { code?: string | number; message: string; name?: string; stack?: string }
  export type Exception = ExceptionWithMessage | string;
  export interface Span { recordException(exception: Exception): void; setStatus(status: { code: SpanStatusCode; message?: string }): this; setAttribute(key: string, value: string): this; end(): void }
  export interface Tracer {
    startSpan(name: string): Span;
    startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  }
  export interface Context { getValue(key: symbol): unknown }
  export const trace: { getTracer(name: string, version?: string): Tracer };
  export const context: { active(): Context };
}
declare module 'express' {
  export interface Request { params: Record<string, string>; body: unknown }
  export interface Response { json(body: unknown): Response; status(code: number): Response; end(): void; send(body: unknown): Response }
  type Handler = (req: Request, res: Response) => unknown;
  export interface Application { get(path: string, ...h: Handler[]): void; post(path: string, ...h: Handler[]): void; delete(path: string, ...h: Handler[]): void }
  function express(): Application;
  namespace express { type Request = import('express').Request; type Response = import('express').Response }
  export default express;
}
declare module 'bullmq' {
  export interface Job { id?: string; data: { amount: number } }
  export class Worker { constructor(name: string, processor: (job: Job) => Promise<unknown>) }
}
declare module '@nestjs/common' {
  export function Controller(prefix?: string): ClassDecorator;
  export function Get(path?: string): MethodDecorator;
  export function Param(name: string): ParameterDecorator;
}
declare module 'nestjs-otel' {
  export function Span(name?: string): MethodDecorator;
}
declare module 'hono' {
  interface Context { req: { param(name: string): string }; json(body: unknown): Response; text(body: string): Response }
  export class Hono { get(path: string, handler: (c: Context) => Response | Promise<Response>): this }
}
