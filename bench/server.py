#!/usr/bin/env python3
"""`cardlint server`: time from a didChange to its publishDiagnostics on a card and on the same
card padded to 1 MB (10 edits each, median and max), and the server's resident memory idle and
after. Usage: python3 bench/server.py BINARY CARD"""
import json, subprocess, sys, time

binary, card = sys.argv[1], sys.argv[2]
p = subprocess.Popen([binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def send(o):
    b = json.dumps(o).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
    p.stdin.flush()


def read():
    n = 0
    while True:
        line = p.stdout.readline()
        if line in (b"\r\n", b""):
            break
        n = int(line.split(b":")[1])
    return json.loads(p.stdout.read(n))


def rss():
    return next(l.split()[1] for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS")) + " kB"


send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
read()
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
time.sleep(0.5)
print("idle memory:", rss())
typical = open(card, encoding="utf-8").read()
big = typical + "\n- filler line of a long card with words\n" * (2**20 // 40)
for name, text in [("card", typical), ("1 MB card", big)]:
    uri = f"file:///bench/{len(text)}/README.md"
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    read()
    times = []
    for v in range(2, 12):
        t = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": v},
                         "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                                       "end": {"line": 0, "character": 0}}, "text": ""}]}})
        while read().get("params", {}).get("version") != v:
            pass
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"{name} ({len(text)} bytes): didChange to diagnostics median {times[5]:.1f} ms, max {times[-1]:.1f} ms")
print("memory after:", rss())
p.kill()
