#!/usr/bin/env python3
"""Pathological cards of each shape at 1, 2, 4 and 8 MB: seconds per MB and output size.

Every card under the size limit must lint in time linear in its size: the seconds per MB of a
shape stay flat from 1 to 8 MB (and under 1 s here), and the output stays bounded.

    python3 bench/pathological.py [BINARY] [--sizes 1,2,4,8] [--only SHAPE]

BINARY defaults to target/release/cardlint (build it with `cargo build --release`).
"""

import os
import subprocess
import sys
import tempfile
import time

MB = 1_000_000

FRONT = "---\nlicense: mit\nco2_eq_emissions: 5\n---\n"


def fill(head, unit, size, tail=""):
    n = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * n + tail


def unknown_rules(size):
    words = " ".join(f"x{i}" for i in range(size // 8))
    return FRONT + "<!-- cardlint-disable " + words[: size - 60] + " -->\n"


# name -> (what it attacks, generator of a card of about `size` bytes)
SHAPES = {
    "code-fences": ("empty code fences", lambda s: fill(FRONT, "```\n```\n", s)),
    "html-comments": ("HTML comments", lambda s: fill(FRONT, "<!-- c -->\n", s)),
    "para-indented": ("paragraph + indented code pairs", lambda s: fill(FRONT, "p\n\n    code\n\n", s)),
    "headings": ("Environmental Impact headings", lambda s: fill(FRONT, "## Environmental Impact\n", s)),
    "field-lines": ("'Carbon Emitted' lines", lambda s: fill(FRONT, "- **Carbon Emitted:** 12 kg\n", s)),
    "table-rows": (
        "one CodeCarbon table of many rows",
        lambda s: fill(FRONT + "| emissions | duration |\n|---|---|\n", "| 0.1 | 3 |\n", s),
    ),
    "duplicate-keys": ("duplicate keys, one a line", lambda s: fill("---\n", "a: 1\n", s, "---\n")),
    "dup-keys-suppressed": (
        "duplicate keys, each with an inline suppression",
        lambda s: fill("---\n", "a: 1 # cardlint: disable-line CL004\n", s, "---\n"),
    ),
    "one-line-findings": (
        "duplicate keys on one line (a flow mapping)",
        lambda s: fill("---\nm: {", "a: 1, ", s, "b: 2}\n---\n"),
    ),
    "unknown-rules": ("one suppression naming ~1e5 unknown rules per MB", unknown_rules),
    "long-line": ("one body line", lambda s: fill(FRONT, "word ", s, "\n")),
    "non-ascii-line": ("one non-ASCII line with findings", lambda s: fill("---\nm: {", "é: 1, é: 1, ", s, "b: 2}\n---\n")),
    "aliases": ("anchors and aliases", lambda s: fill("---\nx: &a [1]\nl:\n", "- *a\n", s, "---\n")),
    "nested-lists": ("nested block lists", lambda s: fill("---\nl:\n", "- - - - - 1\n", s, "---\n")),
    "markdown-inline": ("emphasis, links, code spans", lambda s: fill(FRONT, "*a* [b](c) `d` ", s, "\n")),
}


def run(binary, path, fmt):
    t = time.perf_counter()
    p = subprocess.run(
        [binary, "--isolated", "--exit-zero", "--format", fmt, path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
    )
    dt = time.perf_counter() - t
    if p.returncode not in (0, 1):
        sys.exit(f"{path}: exit {p.returncode}: {p.stderr.decode(errors='replace')[:500]}")
    return dt, len(p.stdout)


def main():
    args = sys.argv[1:]
    binary = "target/release/cardlint"
    sizes = [1, 2, 4, 8]
    only = None
    while args:
        a = args.pop(0)
        if a == "--sizes":
            sizes = [int(x) for x in args.pop(0).split(",")]
        elif a == "--only":
            only = args.pop(0)
        else:
            binary = a
    if not os.path.exists(binary):
        sys.exit(f"{binary} is missing: cargo build --release")
    print(f"{'shape':<22}{'MB':>4}{'pretty s':>10}{'s/MB':>7}{'out KB':>9}{'json s':>9}{'s/MB':>7}{'out KB':>9}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name, (_, gen) in SHAPES.items():
            if only and name != only:
                continue
            for mb in sizes:
                path = os.path.join(tmp, f"{name}-{mb}", "README.md")
                os.makedirs(os.path.dirname(path))
                with open(path, "w") as f:
                    f.write(gen(mb * MB))
                real = os.path.getsize(path) / MB
                tp, op = run(binary, path, "pretty")
                tj, oj = run(binary, path, "json")
                worst = max(worst, tp / real, tj / real)
                print(
                    f"{name:<22}{mb:>4}{tp:>10.2f}{tp / real:>7.2f}{op / 1000:>9.0f}"
                    f"{tj:>9.2f}{tj / real:>7.2f}{oj / 1000:>9.0f}"
                )
                os.remove(path)
    print(f"worst: {worst:.2f} s per MB")


if __name__ == "__main__":
    main()
