'use strict';
// CommonJS: the API comes in by require (an existing destructuring extended), quotes follow the requires.
const express = require("express");
const { context } = require("@opentelemetry/api");

const app = express();

app.get("/orders/:id", async (req, res) => {
  res.json({ id: req.params.id, traced: Boolean(context.active()) });
});

app.post("/orders", (req, res) => res.status(201).json(req.body));

module.exports = app;
