'use strict';
// CommonJS: the API comes in by require (an existing destructuring extended), quotes follow the requires.
const express = require("express");
const { context, trace, SpanStatusCode } = require("@opentelemetry/api");

const tracer = trace.getTracer("cjs-api");

const app = express();

app.get("/orders/:id", async (req, res) => {
  return tracer.startActiveSpan("GET /orders/:id", async (span) => {
    try {
      res.json({ id: req.params.id, traced: Boolean(context.active()) });
    } catch (err) {
      span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
});

app.post("/orders", (req, res) => tracer.startActiveSpan("POST /orders", (span) => {
  try {
    return res.status(201).json(req.body);
  } catch (err) {
    span.recordException(err);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw err;
  } finally {
    span.end();
  }
}));

module.exports = app;
