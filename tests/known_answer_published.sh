#!/usr/bin/env bash
# The published known-answer report (reports/known-answer/) is what its
# committed results say: every check.txt is known_answer_check's output on
# the compare.json beside it, with the check named on its first line, and
# the README counts what those check.txt files hold (flagged rows of the A/A
# pairs). Usage: known_answer_published.sh SOURCE_DIR KNOWN_ANSWER_CHECK
set -euo pipefail
src=$1 check=$2
dir=$src/reports/known-answer
checked=0 flagged=0 pairs=0
for run in "$dir"/*/; do
  [[ -f $run/check.txt ]] || continue
  # First line: "check: KIND [PERCENT]; threshold T %".
  read -ra args <<<"$(sed -n '1s/^check: \([^;]*\);.*/\1/p' "$run/check.txt")"
  ((${#args[@]})) || { echo "FAIL $run/check.txt: no 'check:' first line" >&2; exit 1; }
  if ! diff <("$check" "$run/compare.json" "${args[@]}" || true) "$run/check.txt" >&2; then
    echo "FAIL $run/check.txt is not known_answer_check ${args[*]} on its compare.json" >&2
    exit 1
  fi
  checked=$((checked + 1))
  if [[ $(basename "$run") == aa-* ]]; then
    pairs=$((pairs + 1))
    grep -q '^.\{5\}[a-z0-9]* [a-z-]* [0-9KMiB]* [a-z-]*: \(regressed\|improved\) ' "$run/check.txt" &&
      flagged=$((flagged + 1))
  fi
done
((checked)) || { echo "FAIL no check.txt under $dir" >&2; exit 1; }
grep -q "\*\*False positives\*\*: $flagged of $pairs A/A pairs" "$dir/README.md" ||
  { echo "FAIL README.md does not say $flagged of $pairs A/A pairs flagged a row" >&2; exit 1; }
echo "ok: $checked check.txt reproduced, README: $flagged of $pairs A/A pairs flagged"
