#!/usr/bin/env python3
"""The service's CPU time per request, and the bytes sent, for one feed page as plain JSON, Brotli
and gzip: N keep-alive requests per encoding, alternating, three rounds, CPU read from /proc for the
server process only (the client's own cost does not count).

Usage: bench/compression_cpu.py PID URL [N]
  PID  the service's process id (a Release build: dotnet Feed.Api.dll)
  URL  a page, e.g. http://127.0.0.1:5099/feed?limit=20
"""
import http.client, os, sys, urllib.parse

pid, url = int(sys.argv[1]), sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
parts = urllib.parse.urlsplit(url)
path = parts.path + ("?" + parts.query if parts.query else "")
tick = os.sysconf("SC_CLK_TCK")


def cpu_seconds():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick  # utime + stime


def run(encoding):
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    headers = {"Accept-Encoding": encoding} if encoding else {}
    size = 0
    before = cpu_seconds()
    for _ in range(n):
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200, response.status
        size = len(body)
    used = cpu_seconds() - before
    conn.close()
    return used / n * 1e6, size


results = {}
for round_ in range(3):
    for encoding in [None, "br", "gzip"]:
        us, size = run(encoding)
        results.setdefault(encoding or "identity", []).append(us)
        print(f"round {round_ + 1} {encoding or 'identity':8} {us:7.0f} µs CPU/request  {size:7,} bytes", flush=True)

print()
base = sorted(results["identity"])[1]
for encoding, values in results.items():
    median = sorted(values)[1]
    print(f"{encoding:8} median {median:6.0f} µs CPU/request  ({median - base:+5.0f} µs vs identity)")
