// Logging libraries' slice of the library model: which values are loggers, by where they come from, and
// what a structured call looks like for each. Rules ask `loggerOf(kind)`; none names a library itself.
import type { PartialModel } from './model.js';

/** How a logger family takes structured data, for messages that tell the user the fix for *their* logger. */
export interface LoggerStyle {
  /** Family shown to the user. */
  family: string;
  /** The structured form of `info(`order ${id} created`)` for this logger. */
  structured: string;
  /**
   * Where `--fix` puts the fields: an object before the message (pino, bunyan), an object after it (winston,
   * log4js, console), one object holding the message (NestJS Logger). None when the logger is not known.
   */
  fields?: 'before' | 'after' | 'message-object';
  /**
   * How `--fix` adds fields when other arguments follow the message (`logger.error(`failed ${id}`, err)`):
   * `child`, through a child logger whose bindings are the fields (`logger.child({ id }).error('failed {id}', err)`:
   * the other arguments keep their meaning, an Error's message and stack included); `keep`, as an object
   * right after the message, the rest printed after it as before (console, log4js).
   */
  extra?: 'child' | 'keep';
}

const PINO: LoggerStyle = {
  family: 'pino',
  structured: "put the values in the merge object and keep the message constant: logger.info({ orderId }, 'order created')",
  fields: 'before',
  extra: 'child',
};
const BUNYAN: LoggerStyle = {
  family: 'bunyan',
  structured: "put the values in the fields object and keep the message constant: log.info({ orderId }, 'order created')",
  fields: 'before',
  extra: 'child',
};
const WINSTON: LoggerStyle = {
  family: 'winston',
  structured: "keep the message constant and pass the values as metadata: logger.info('order created', { orderId })",
  fields: 'after',
  extra: 'child',
};
const LOG4JS: LoggerStyle = {
  family: 'log4js',
  structured:
    "keep the message constant and pass the values as a further argument with a JSON layout (logger.info('order created', { orderId })), or attach them with logger.addContext('orderId', orderId)",
  fields: 'after',
  extra: 'keep',
};
const NEST: LoggerStyle = {
  family: 'NestJS Logger',
  structured: "log an object with a constant message: this.logger.log({ message: 'order created', orderId }) (with the JSON console logger or nestjs-pino)",
  fields: 'message-object',
};
const CONSOLE: LoggerStyle = {
  family: 'console',
  structured:
    "log through a structured logger (pino, winston) instead of console, or at least keep the message constant and pass the values as an object: console.info('order created', { orderId })",
  fields: 'after',
  extra: 'keep',
};
const ELECTRON_LOG: LoggerStyle = {
  family: 'electron-log',
  structured: "keep the message constant and pass the values as an object after it: log.info('order created', { orderId })",
  fields: 'after',
  extra: 'keep',
};
/** Receivers trusted by name when their origin is unknown (SPEC: "receivers named logger / log"). */
export const LOGGER_NAME = /^[_#]?(logger|log|[a-z]\w*Logger)$/;

/** A receiver recognised only by its name (`logger`, `log`): the fix depends on the library behind it. */
export const UNKNOWN_LOGGER: LoggerStyle = {
  family: 'a logger recognised by its name',
  structured:
    "keep the message constant and pass the values as fields: logger.info({ orderId }, 'order created') for pino/bunyan, logger.info('order created', { orderId }) for winston",
};

/** Logger kinds of the model → how they take structured data. */
const LOGGER_KINDS: Record<string, LoggerStyle> = {
  'log.console': CONSOLE,
  'log.pino': PINO,
  'log.bunyan': BUNYAN,
  'log.winston': WINSTON,
  'log.log4js': LOG4JS,
  'log.electron': ELECTRON_LOG,
  'nest.logger': NEST,
  /** `Logger.log(…)`: NestJS's static logger methods. */
  'nest.loggerClass': NEST,
};

/** Every kind whose values are loggers (to decide across files whether an imported value is one). */
export const LOGGER_KIND_NAMES = Object.keys(LOGGER_KINDS);

/** How `--fix` writes a structured call: where the fields go, and how when other arguments follow the message. */
export type LoggerForm = Required<Pick<LoggerStyle, 'fields'>> & Pick<LoggerStyle, 'extra'>;

/** Logger kind → its form (`--fix`), for kinds decided across files; kinds of the same form share one key. */
export const LOGGER_FORMS: Readonly<Record<string, { key: string; form: LoggerForm }>> = Object.fromEntries(
  Object.entries(LOGGER_KINDS).flatMap(([kind, style]) =>
    style.fields ? [[kind, { key: `${style.fields}/${style.extra ?? ''}`, form: { fields: style.fields, ...(style.extra ? { extra: style.extra } : {}) } }]] : [],
  ),
);

/** The logger style of a value kind, or undefined when values of that kind are not loggers. */
export function loggerOf(kind: string | undefined): LoggerStyle | undefined {
  return kind ? LOGGER_KINDS[kind] : undefined;
}

/** Methods that write a log line, across the supported libraries. */
export const LOG_METHODS = new Set(['trace', 'debug', 'info', 'log', 'warn', 'error', 'fatal', 'verbose']);

/** Level names that `logger.log(level, message)` (winston) takes as its first argument. */
export const LEVEL_NAMES = new Set(['silly', 'trace', 'debug', 'verbose', 'http', 'info', 'notice', 'warn', 'warning', 'error', 'crit', 'fatal', 'alert', 'emerg']);

export const LOGGER_MODEL: PartialModel = {
  globals: { console: 'log.console' },
  imports: {
    pino: { default: 'pino.factory', '*': 'pino.factory', pino: 'pino.factory', Logger: 'log.pino', BaseLogger: 'log.pino' },
    'nestjs-pino': { PinoLogger: 'log.pino' },
    winston: { default: 'winston.ns', '*': 'winston.ns', createLogger: 'winston.createLogger', Logger: 'log.winston' },
    bunyan: { default: 'bunyan.ns', '*': 'bunyan.ns', createLogger: 'bunyan.createLogger' },
    log4js: { default: 'log4js.ns', '*': 'log4js.ns', getLogger: 'log4js.getLogger', Logger: 'log.log4js' },
    '@nestjs/common': { Logger: 'nest.loggerClass', LoggerService: 'nest.logger', ConsoleLogger: 'nest.loggerClass' },
    console: { default: 'log.console', '*': 'log.console' },
    // electron-log: the default export (and the namespace) is a logger whose methods print every argument, as console's do.
    'electron-log': { default: 'log.electron', '*': 'log.electron' },
    'electron-log/main': { default: 'log.electron', '*': 'log.electron' },
    'electron-log/renderer': { default: 'log.electron', '*': 'log.electron' },
    'electron-log/node': { default: 'log.electron', '*': 'log.electron' },
    // A CLI prompt library's `log` prints for the person at the terminal: a known origin that is not a logger.
    '@clack/prompts': { log: 'clack.log', '*': 'clack.ns' },
  },
  members: {
    'pino.factory': { '()': 'log.pino', pino: 'pino.factory' },
    'log.pino': { 'child()': 'log.pino' },
    'winston.ns': { createLogger: 'winston.createLogger', 'createLogger()': 'log.winston', Logger: 'log.winston' },
    'winston.createLogger': { '()': 'log.winston' },
    'log.winston': { 'child()': 'log.winston' },
    'bunyan.ns': { createLogger: 'bunyan.createLogger', 'createLogger()': 'log.bunyan', new: 'log.bunyan', ':': 'log.bunyan' },
    'bunyan.createLogger': { '()': 'log.bunyan' },
    'log.bunyan': { 'child()': 'log.bunyan' },
    'log4js.ns': { getLogger: 'log4js.getLogger', 'getLogger()': 'log.log4js', Logger: 'log.log4js' },
    'log4js.getLogger': { '()': 'log.log4js' },
    'nest.loggerClass': { new: 'nest.logger', ':': 'nest.logger' },
    'clack.ns': { log: 'clack.log' },
    'log.electron': { 'scope()': 'log.electron', 'create()': 'log.electron', functions: 'log.electron' },
  },
};
