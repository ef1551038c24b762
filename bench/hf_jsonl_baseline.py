"""The Python user's path over a dump: each JSON line read and its card's metadata parsed as
huggingface_hub's `metadata_load` parses a file (its front-matter regex, then yaml.safe_load),
on the card text instead of a file.

usage: hf_jsonl_baseline.py ROWS.jsonl   prints `rows seconds with_co2_eq_emissions`
"""
import json
import sys
import time

import yaml
from huggingface_hub.repocard import REGEX_YAML_BLOCK


def metadata_of(content):
    # huggingface_hub.repocard.metadata_load, on text instead of a path.
    match = REGEX_YAML_BLOCK.search(content)
    if match:
        data = yaml.safe_load(match.group(2))
        if data is None or isinstance(data, dict):
            return data
        raise ValueError("repo card metadata block should be a dict")
    return None


start = time.perf_counter()
rows = found = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        rows += 1
        try:
            data = metadata_of(json.loads(line)["card"]) or {}
        except Exception:
            continue
        if data.get("co2_eq_emissions") is not None:
            found += 1
        data.get("model-index")
elapsed = time.perf_counter() - start
print(f"{rows} {elapsed:.3f} {found}")
