// A function of the same name that is no telemetry helper: nothing here is emitted.
function inSpan(label: string, fn: () => void) {
  fn();
  return label;
}

export function local() {
  inSpan('not.a.span', () => undefined);
}
