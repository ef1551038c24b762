"""Writes mutated model cards for agree.py: the front matter of seed cards with YAML-significant
characters inserted, deleted or duplicated at random, so that cardlint and PyYAML are compared
on thousands of hostile variants, not only on real cards. Deterministic for a given seed.

usage: python3 mutate.py OUT_DIR COUNT SEED_CARD [SEED_CARD ...]
"""
import os
import random
import sys

PIECES = [
    "\t", " ", "  ", "\n", "\r\n", "\r", "\x85", "\u2028", "\ufeff", "\x07", "\x1b", "\x7f", "\x9b",
    ":", ": ", "-", "- ", "? ", "#", " #", "&a ", "*a", "!", "!!str ", "!!int ", "!!float ",
    "!!binary ", "!!timestamp ", "!foo ", "!!set ", "!!omap ", "<<: *a\n", "<<", "=", "[", "]", "{",
    "}", ",", "'", '"', "\\", "\\e", "\\x41", "|", ">", "|-", ">+", "%YAML 1.1\n", "---", "...",
    "~", "null", "yes", "no", "0x", "0b_", "0o7", "1e3", "1_000", "1:30", ".5", "._", ".inf",
    "2023-13-45", "2023-02-29", "2024-02-29", "2001-12-14 21:59:43", "@", "`", "%", "é", "日本",
]


def mutate(rng, text):
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(text) + 1)
        op = rng.random()
        if op < 0.6:
            text = text[:i] + rng.choice(PIECES) + text[i:]
        elif op < 0.8:
            text = text[:i] + text[i + rng.randint(1, 3):]
        else:
            j = min(len(text), i + rng.randint(1, 20))
            text = text[:i] + text[i:j] + text[i:]
    return text


def main():
    out, count, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    rng = random.Random(int(os.environ.get("MUTATE_SEED", "20231122")))
    fronts = []
    for path in seeds:
        with open(path, encoding="utf-8", newline="", errors="replace") as f:
            t = f.read()
        if t.startswith("---\n") and "\n---\n" in t[4:]:
            fronts.append(t[4:t.index("\n---\n", 4)])
    os.makedirs(out, exist_ok=True)
    for n in range(count):
        front = mutate(rng, rng.choice(fronts))
        with open(os.path.join(out, f"m{n:05}.md"), "w", encoding="utf-8", newline="") as f:
            f.write(f"---\n{front}\n---\n# mutated\n")


if __name__ == "__main__":
    main()
