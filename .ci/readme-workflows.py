#!/usr/bin/env python3
"""Extracts the README's GitHub workflow snippets so that CI lints what users copy.

Every ```yaml block with `jobs:` is a workflow, written as it is; a block of steps (list items
with `uses:` or `run:`) is dedented and wrapped in a minimal workflow (a pull-request trigger,
read-only permissions, one job); other YAML blocks (the pre-commit config) are skipped.
usage: python3 .ci/readme-workflows.py README.md OUTDIR   (prints the files written)
"""
import os
import re
import sys
import textwrap

WRAP = """\
# Extracted from {src}, line {line}: a snippet of steps, wrapped in a job.
name: readme-snippet
on: pull_request
permissions:
  contents: read
jobs:
  snippet:
    runs-on: ubuntu-latest
    steps:
{steps}"""


def blocks(text):
    """(line, body) of every ```yaml block."""
    out, body, start = [], None, 0
    for n, line in enumerate(text.splitlines(), 1):
        if body is None and line.strip() in ("```yaml", "```yml"):
            body, start = [], n + 1
        elif body is not None and line.strip() == "```":
            out.append((start, "\n".join(body) + "\n"))
            body = None
        elif body is not None:
            body.append(line)
    return out


def main():
    src, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    for old in os.listdir(outdir):
        if old.endswith(".yml"):
            os.remove(os.path.join(outdir, old))
    with open(src, encoding="utf-8") as f:
        text = f.read()
    written = 0
    for line, body in blocks(text):
        if re.search(r"^jobs:", body, re.M):
            workflow = f"# Extracted from {src}, line {line}.\n{body}"
        elif re.search(r"^\s*- (uses|run|name):", body, re.M):
            steps = textwrap.indent(textwrap.dedent(body), "      ")
            workflow = WRAP.format(src=src, line=line, steps=steps)
        else:
            continue
        path = os.path.join(outdir, f"readme-line-{line}.yml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(workflow)
        print(path)
        written += 1
    if written == 0:
        sys.exit(f"{src}: no workflow snippet found")


if __name__ == "__main__":
    main()
