#!/usr/bin/env bash
# Validate a SARIF file with Microsoft's SARIF Multitool: the SARIF 2.1.0 JSON schema, the SARIF
# rules, and the GitHub code scanning ingestion rules (GH*). Not a dependency of the package: the tool
# is installed once into a cache folder outside the project.
#
#   scripts/validate-sarif.sh report.sarif
#   node bin/check-doctrines.js examples/orders-service --format sarif=/tmp/ex.sarif; scripts/validate-sarif.sh /tmp/ex.sarif
#
# Exits 1 when the validator reports an error (it exits 0 itself either way), 2 when it cannot run.
# Warnings and notes are printed but do not fail: see the report for the ones we accept.
set -euo pipefail

file="${1:?usage: scripts/validate-sarif.sh <file.sarif>}"
version="${SARIF_MULTITOOL_VERSION:-5.7.0}"
dir="${SARIF_MULTITOOL_DIR:-${TMPDIR:-/tmp}/check-doctrines-sarif-multitool-$version}"
tool="$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
case "$(uname -s)" in
  Darwin) tool="$dir/node_modules/@microsoft/sarif-multitool-darwin/Sarif.Multitool" ;;
esac

if [ ! -e "$tool" ]; then
  mkdir -p "$dir"
  npm install --silent --no-audit --no-fund --prefix "$dir" "@microsoft/sarif-multitool@$version" >&2 || {
    echo "validate-sarif: cannot install @microsoft/sarif-multitool@$version into $dir" >&2
    exit 2
  }
fi
chmod u+x "$tool"

# The npm wrapper passes arguments through a shell, which splits "Sarif;Gh": call the binary directly.
out="$("$tool" validate "$file" --rule-kind "Sarif;Gh" --level "Error;Warning;Note" 2>&1)" || {
  echo "$out" >&2
  echo "validate-sarif: the multitool failed to run" >&2
  exit 2
}
echo "$out"
if grep -q ': error ' <<<"$out"; then
  echo "validate-sarif: $file has errors" >&2
  exit 1
fi
echo "validate-sarif: $file is valid (no errors)"
