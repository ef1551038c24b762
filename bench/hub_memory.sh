#!/usr/bin/env bash
# Peak memory of reading large Hub answers: serves a fake Hub from a local server on 127.0.0.1
# (python3's http.server over generated files) and measures the peak RSS of
# `cardlint hf://org/model` with /usr/bin/time -v, for answers of growing size:
#   tiny     a model and a dataset of a few hundred bytes (the floor)
#   16 MiB   a model listing of 16 MiB
#   31 MiB   a model listing of 31 MiB (the limit is 32 MiB)
#   8x31 MiB a 31 MiB model listing and seven 31 MiB dataset answers in one run
# Each listing is in the Hub's shape, every file with an LFS block, half of them weight files.
# usage: bash bench/hub_memory.sh   (CARDLINT_BIN=path to use a built binary; default: a
# release build)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${CARDLINT_BIN:-}" ]; then
  bin=$CARDLINT_BIN
else
  cargo build --release --quiet --features hub
  bin=target/release/cardlint
fi
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import json, os, sys
root = sys.argv[1]

def put(path, data):
    p = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)

def listing(mib):
    out, i, size = [], 0, 0
    while size < mib * 1024 * 1024:
        name = f"model-{i:07}-of-9999999.safetensors" if i % 2 else f"data/part-{i:07}.parquet"
        e = {"rfilename": name, "blobId": "0" * 40, "size": 134,
             "lfs": {"size": i, "sha256": "0" * 64, "pointerSize": 134}}
        out.append(e)
        size += len(json.dumps(e)) + 1
        i += 1
    return json.dumps({"_id": "0", "id": "org/model", "downloads": 7, "tags": ["x"],
                       "siblings": out}).encode()

def dataset(mib):
    rows, size, i = [], 0, 0
    while size < mib * 1024 * 1024:
        r = {"name": f"config-{i}", "features": [{"name": "text", "dtype": "string"}] * 4}
        rows.append(r)
        size += len(json.dumps(r)) + 1
        i += 1
    return json.dumps({"_id": "0", "id": "org/d", "cardData": {
        "configs": rows, "dataset_info": {"dataset_size": 1000}}}).encode()

for case, (model_mib, data_mib) in {"tiny": (0, 0), "m16": (16, 0), "m31": (31, 0),
                                    "all31": (31, 31)}.items():
    datasets = "".join(f"- {case}/d{i}\n" for i in range(7))
    card = f"---\nco2_eq_emissions: 25.4\ndatasets:\n{datasets}---\n# m\n".encode()
    put(f"/{case}/model/resolve/main/README.md", card)
    put(f"/api/models/{case}/model", listing(model_mib))
    for i in range(7):
        put(f"/api/datasets/{case}/d{i}", dataset(data_mib))
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/tiny/model/resolve/main/README.md" >/dev/null && break
  sleep 0.1
done
printf '%-10s %14s %14s\n' case answers 'peak RSS (MB)'
for case in tiny m16 m31 all31; do
  rss=$(HF_ENDPOINT="http://127.0.0.1:$port" HF_HUB_DISABLE_IMPLICIT_TOKEN=1 \
    /usr/bin/time -v "$bin" --format json "hf://$case/model" 2>&1 >/dev/null |
    awk '/Maximum resident set size/ { print $6 }' || true)
  mb=$(awk -v b="$(stat -c %s "$work/api/models/$case/model")" 'BEGIN { printf "%.1f", b / 1048576 }')
  [ "$case" = all31 ] && mb="8x$mb"
  printf '%-10s %10s MiB %14.1f\n' "$case" "$mb" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
done
