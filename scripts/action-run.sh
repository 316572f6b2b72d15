#!/usr/bin/env bash
# The GitHub Action's step (action.yml): runs check-doctrines with annotations (--format github, which also
# writes the job summary) and a SARIF report, and hands its exit code on as an output, so the SARIF upload
# runs before the job fails. Uses the project's own installed check-doctrines when there is one, else the
# action's checkout (built once).
set -uo pipefail

bin="node_modules/.bin/check-doctrines"
if [ ! -x "$bin" ]; then
  if [ ! -f "$GITHUB_ACTION_PATH/dist/src/cli.js" ]; then
    (cd "$GITHUB_ACTION_PATH" && npm ci --no-audit --no-fund --prefer-offline >&2 && npm run build >&2) || exit 2
  fi
  bin="$GITHUB_ACTION_PATH/bin/check-doctrines.js"
fi

sarif="${RUNNER_TEMP:-/tmp}/check-doctrines.sarif"
args=(--pillar "${INPUT_PILLAR:-otel}" --format github --format "sarif=$sarif")
[ "${INPUT_ADVISORY:-false}" = "true" ] && args+=(--advisory)
# Word splitting is wanted: extra arguments and paths are space-separated.
# shellcheck disable=SC2206
extra=(${INPUT_ARGS:-})
# shellcheck disable=SC2206
paths=(${INPUT_PATHS:-.})

node "$bin" "${args[@]}" "${extra[@]}" "${paths[@]}"
code=$?
{
  echo "exit-code=$code"
  if [ -s "$sarif" ]; then echo "sarif-file=$sarif"; else echo "sarif-file="; fi
} >> "${GITHUB_OUTPUT:-/dev/stdout}"
exit 0
