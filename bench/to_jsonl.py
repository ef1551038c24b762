"""Writes cards as JSON Lines, the dump's shape: one object a card, `modelId` and `card`.

usage: to_jsonl.py FILE_LIST OUT.jsonl   (FILE_LIST: one card path a line)
"""
import json
import os
import sys

listing, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as w:
    for p in open(listing, encoding="utf-8").read().split("\n"):
        if not p:
            continue
        with open(p, encoding="utf-8", errors="replace") as f:
            card = f.read()
        w.write(json.dumps({"modelId": os.path.basename(p)[:-3], "card": card}) + "\n")
