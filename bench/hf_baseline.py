"""The Python user's path today: huggingface_hub reading each card's metadata.

usage: hf_baseline.py metadata_load|ModelCard.load FILE_LIST
Reads `co2_eq_emissions` and `model-index` from every card and prints `cards seconds`.
"""
import sys
import time

from huggingface_hub import ModelCard
from huggingface_hub.repocard import metadata_load

mode, listing = sys.argv[1], sys.argv[2]
paths = open(listing, encoding="utf-8").read().split("\n")
paths = [p for p in paths if p]
start = time.perf_counter()
found = 0
for p in paths:
    try:
        if mode == "metadata_load":
            data = metadata_load(p) or {}
        else:
            data = ModelCard.load(p).data.to_dict()
    except Exception:
        continue
    if data.get("co2_eq_emissions") is not None:
        found += 1
    data.get("model-index")
elapsed = time.perf_counter() - start
print(f"{len(paths)} {elapsed:.3f} {found}")
