export * from './tracing';
export { CHECKOUT_SPAN } from './names';
