#!/usr/bin/env bash
# Runs cardlint for the Action: annotations (GitHub format), the job summary and the step
# outputs (cardlint writes both itself inside Actions), the sticky comment, and SARIF if asked.
set -uo pipefail
args=(--format github)
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_MIN_REPORTING_CLASS:-}" ] && args+=(--min-reporting-class "$INPUT_MIN_REPORTING_CLASS")
[ -n "${INPUT_MIN_EFFICIENCY_CLASS:-}" ] && args+=(--min-efficiency-class "$INPUT_MIN_EFFICIENCY_CLASS")
[ "${INPUT_HUB:-false}" = "true" ] && args+=(--hub)
[ -n "${INPUT_HUB_MODEL_ID:-}" ] && args+=(--hub-id "$INPUT_HUB_MODEL_ID")
# The token input, where given, over a token the job set itself.
[ -n "${INPUT_HF_TOKEN:-}" ] && export HF_TOKEN="$INPUT_HF_TOKEN"
unset INPUT_HF_TOKEN
# `args` follow shell quoting (`--include '*.md'`), parsed by xargs: quotes and backslashes,
# no expansion, no command substitution.
extra=()
if [ -n "${INPUT_ARGS//[[:space:]]/}" ]; then
  mapfile -d '' -t extra < <(printf '%s' "$INPUT_ARGS" | xargs printf '%s\0') \
    || { echo "::error title=cardlint::the args input has unbalanced quotes"; exit 2; }
fi
# `paths`: one per line when the input has several lines (a YAML block scalar), else separated
# by blanks.
paths=()
raw="${INPUT_PATHS:-README.md}"
if [[ "$raw" == *$'\n'* ]]; then
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [ -n "$line" ] && paths+=("$line")
  done <<< "$raw"
else
  read -r -a paths <<< "$raw"
fi
if [ "${#paths[@]}" -eq 0 ]; then
  echo "::error title=cardlint::the paths input names no card or folder"
  exit 2
fi

comment=()
[ "${INPUT_COMMENT:-false}" = "true" ] && comment=(--comment)

status=0
cardlint "${args[@]}" "${comment[@]}" "${extra[@]}" -- "${paths[@]}" || status=$?

if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  # A second, quiet run: no summary, outputs or comment twice.
  env -u GITHUB_STEP_SUMMARY -u GITHUB_OUTPUT cardlint --format sarif --exit-zero "${extra[@]}" -- "${paths[@]}" > "$INPUT_SARIF_FILE" \
    || { echo "::error title=cardlint::could not write SARIF to $INPUT_SARIF_FILE"; status=2; }
fi
exit "$status"
