#!/usr/bin/env bash
# Runs cardlint for the Action: annotations (GitHub format), the job summary and the step
# outputs (cardlint writes both itself inside Actions), the sticky comment, and SARIF if asked.
set -uo pipefail
args=(--format github)
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_MIN_REPORTING_CLASS:-}" ] && args+=(--min-reporting-class "$INPUT_MIN_REPORTING_CLASS")
[ -n "${INPUT_MIN_EFFICIENCY_CLASS:-}" ] && args+=(--min-efficiency-class "$INPUT_MIN_EFFICIENCY_CLASS")
read -r -a extra <<< "${INPUT_ARGS:-}"
read -r -a paths <<< "${INPUT_PATHS:-README.md}"

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
