#!/usr/bin/env bash
# Runs cardlint for the Action: annotations (GitHub format), the job summary and the step
# outputs (cardlint writes both itself inside Actions), the sticky comment, and SARIF if asked.
set -uo pipefail
# An input in a workflow command's message: `%`, CR and LF escaped as the runner reads them (so
# no input can end the line and start a command of its own) and `##[` made inert.
esc() {
  local s=${1//'%'/'%25'}
  s=${s//$'\r'/'%0D'}
  s=${s//$'\n'/'%0A'}
  printf '%s' "${s//'##['/'##'$'\xe2\x80\x8b''['}"
}
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
# no expansion, no command substitution. An unbalanced quote fails the step: xargs would drop
# everything after it, and a dropped `--min-efficiency-class A` would pass the step.
extra=()
if [ -n "${INPUT_ARGS//[[:space:]]/}" ]; then
  words=$(mktemp)
  if ! printf '%s' "$INPUT_ARGS" | xargs printf '%s\0' > "$words" 2>/dev/null; then
    rm -f "$words"
    echo "::error title=cardlint::the args input has an unbalanced quote, so it cannot be split into arguments; nothing was run. Quote as in a shell: --include '*.md'"
    exit 2
  fi
  mapfile -d '' -t extra < "$words"
  rm -f "$words"
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
  # A second, quiet run: no summary, outputs or comment twice. bash's own message when the file
  # cannot be opened would print the name raw, so it goes to /dev/null (the file is opened
  # before cardlint's stderr is put back) and ours says it escaped.
  { env -u GITHUB_STEP_SUMMARY -u GITHUB_OUTPUT cardlint --format sarif --exit-zero "${extra[@]}" -- "${paths[@]}" > "$INPUT_SARIF_FILE" 2>&3 3>&-; } 3>&2 2>/dev/null \
    || { echo "::error title=cardlint::could not write SARIF to $(esc "$INPUT_SARIF_FILE")"; status=2; }
fi
exit "$status"
