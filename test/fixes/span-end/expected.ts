// otel/span-lifecycle --fix: a span whose end() is missed on some path. Fixed: the rest of the scope in
// try/finally, the end() calls the finally replaces removed. Not fixed (marked "no fix"): the span escapes,
// two spans, an end() that is not right before a return/throw of a call-free value.
import { context, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('orders');
declare function charge(id: string): Promise<number>;

export async function pay(id: string) {
  const span = tracer.startSpan('pay'); // the wrapped lines start after this one
  try {
    span.setAttribute('order.id', id);
    if (!id) {
      return 0;
    }
    // a template literal's inner lines keep their text
    const note = `multi
line ${id}`;
    const paid = await charge(note);

    return paid;
  } finally {
    span.end();
  }
}

export function sync(id: string) {
    const span = tracer.startSpan('sync');
    try {
        if (id === 'x') {
            return 1;
        }
        if (id === 'y') return 2;
        return 3;
    } finally {
        span.end();
    }
}

export function active(id: string) {
  return tracer.startActiveSpan('act', (span) => {
    try {
      if (id) {
        return 1;
      }
      return 2;
    } finally {
      span.end();
    }
  });
}

export function never(id: string) {
  const span = tracer.startSpan('never');
  try {
    span.setAttribute('id', id);
    return id;
  } finally {
    span.end();
  }
}

export function tabs(id: string) {
	const span = tracer.startSpan('tabs');
	try {
		if (id) {
			throw new Error(id);
		}
	} finally {
		span.end();
	}
}

// no fix: the end() is followed by more work, which the finally would move inside the span
export function looseEnd(id: string) {
  const span = tracer.startSpan('loose');
  if (id) {
    span.end();
    console.log(id);
    return;
  }
}

// no fix: the span goes into a context, where code this fix cannot see may end it
export function escapes(id: string) {
  const span = tracer.startSpan('esc');
  const ctx = trace.setSpan(context.active(), span);
  if (id) return ctx;
  span.end();
  return undefined;
}

// no fix: two spans
export function two(id: string) {
  const span = tracer.startSpan('outer');
  const inner = tracer.startSpan('inner');
  inner.end();
  if (id) return 1;
  span.end();
  return 2;
}

// no fix: ended in a closure
export function closure(id: string) {
  const span = tracer.startSpan('closure');
  if (id) return 1;
  setTimeout(() => span.end(), 10);
  return 2;
}

// no fix: the return after end() calls something, which would then run inside the span
export function later(id: string) {
  const span = tracer.startSpan('later');
  if (id) return 1;
  span.end();
  return charge(id);
}

// no fix: a function declared before the span names a variable the wrapped lines declare
export function hoisted(id: string) {
  function describe() {
    return total;
  }
  const span = tracer.startSpan('hoisted');
  if (!id) return describe;
  let total = id.length;
  span.end();
  return describe;
}
