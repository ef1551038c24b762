"""Compares cardlint with huggingface_hub's reader on "the front matter is a readable mapping".

For every card below the folders given, huggingface_hub's view: the Hub's front-matter regex
(huggingface_hub.repocard.REGEX_YAML_BLOCK, copied here so huggingface_hub itself is not needed),
then PyYAML's yaml.safe_load, as RepoCard does. cardlint's view: its JSON output (CL001: no block,
CL002: not readable YAML, CL003: not a mapping, CL901: not a text file). Prints each disagreement
and a closing line `N passed, N failed`; exits 1 on any disagreement.

usage: python3 agree.py CARDLINT_BINARY DIR [DIR ...]
"""
import json
import os
import re
import subprocess
import sys

import yaml

REGEX_YAML_BLOCK = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")


def hub_view(path):
    try:
        with open(path, mode="r", newline="", encoding="utf-8-sig") as f:
            content = f.read()
    except (UnicodeDecodeError, OSError):
        return "unreadable", ""
    m = REGEX_YAML_BLOCK.search(content)
    if not m:
        return "absent", ""
    try:
        data = yaml.safe_load(m.group(2))
    except Exception as e:  # yaml.YAMLError, and ValueError/TypeError raised while constructing
        return "error", str(e).splitlines()[0] if str(e) else type(e).__name__
    if data is None or isinstance(data, dict):
        return "mapping", ""
    return "not-a-mapping", type(data).__name__


def cardlint_view(binary, folders):
    out = subprocess.run(
        [binary, "--isolated", "--include", "*.md", "--format", "json", "--exit-zero", *folders],
        capture_output=True, text=True, check=True,
    ).stdout
    views = {}
    for card in json.loads(out)["cards"]:
        codes = {d["code"] for d in card["diagnostics"]}
        if "CL901" in codes:
            v = "unreadable"
        elif "CL001" in codes:
            v = "absent"
        elif "CL002" in codes:
            v = "error"
        elif "CL003" in codes:
            v = "not-a-mapping"
        else:
            v = "mapping"
        views[os.path.normpath(card["path"])] = v
    return views


def main():
    binary, folders = sys.argv[1], sys.argv[2:]
    ours = cardlint_view(binary, folders)
    agree = disagree = 0
    for folder in folders:
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                if not name.endswith(".md") or name in ("ABOUT.md",):
                    continue
                path = os.path.normpath(os.path.join(root, name))
                theirs, why = hub_view(path)
                mine = ours.get(path, "missing")
                if theirs == mine:
                    agree += 1
                elif (theirs, mine) == ("absent", "unreadable") and b"\0" in open(path, "rb").read():
                    # Explained: NUL bytes (UTF-16 with a broken byte-order mark). Python decodes
                    # them as UTF-8 text with no front matter; cardlint refuses a binary file.
                    agree += 1
                    print(f"explained {path}: NUL bytes, huggingface_hub reads no front matter, cardlint CL901")
                else:
                    disagree += 1
                    print(f"DISAGREE {path}: huggingface_hub {theirs} ({why}), cardlint {mine}")
    print(f"pyyaml-agreement: {agree} passed, {disagree} failed")
    sys.exit(1 if disagree else 0)


if __name__ == "__main__":
    main()
