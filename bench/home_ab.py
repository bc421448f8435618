#!/usr/bin/env python3
"""/home against /feed (first pages, and 90 % deep for both), many alternating rounds, on the database bench/home.sh
left (feed_home): wrk at 32 connections, 10 s a run, every URL once a round; per run req/s and MariaDB's CPU per page (the server's CPU
time from /proc over Com_select: every page is one SELECT). Prints a markdown section for docs/benchmarks.md.

Usage: bench/home_ab.py PORT SIGNING_KEY SOCKET MARIADB_PORT [ROUNDS] [SECONDS]   (bench/home_ab.sh runs it)
"""
import base64, datetime, hashlib, hmac, json, os, re, statistics, subprocess, sys, time

port, key, sock, db_port = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 7
seconds = int(sys.argv[6]) if len(sys.argv) > 6 else 10
reader = 3  # HomeGraph.Reader: follows 2,000 users


def sql(q):
    return subprocess.run(["mariadb", "--no-defaults", f"--socket={sock}", "-uroot", "-N", "-B", "feed_home", "-e", q],
                          check=True, capture_output=True, text=True).stdout.strip()


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


# A bearer token as Tokens.Issue makes one (reads do not check the stamp); the deep cursor as FeedCursor.Encode does.
now = int(time.time())
claims = {"sub": str(reader), "name": "reader", "stamp": "-", "iss": "feed", "aud": "feed", "iat": now, "nbf": now, "exp": now + 7200}
token = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode())
token += "." + b64(hmac.new(key.encode(), token.encode(), hashlib.sha256).digest())
count = int(sql(f"SELECT COUNT(*) FROM HomeEntries WHERE OwnerId = {reader}"))
at, item = sql(f"SELECT ArrivedAt, ItemId FROM HomeEntries WHERE OwnerId = {reader} "
               f"ORDER BY ArrivedAt DESC, ItemId DESC LIMIT 1 OFFSET {count * 9 // 10 - 1}").split("\t")


def encode(at, item, scope):
    ticks = (datetime.datetime.strptime(at, "%Y-%m-%d %H:%M:%S.%f") - datetime.datetime(1, 1, 1)) // datetime.timedelta(microseconds=1) * 10
    return b64(bytes([1]) + ticks.to_bytes(8, "big") + int(item).to_bytes(8, "big") + scope.encode())


cursor = encode(at, item, f"home:{reader}:all")
items = int(sql("SELECT COUNT(*) FROM FeedItems"))
feed_cursor = encode(*sql(f"SELECT CreatedAt, Id FROM FeedItems ORDER BY CreatedAt DESC, Id DESC LIMIT 1 OFFSET {items * 9 // 10 - 1}")
                     .split("\t"), "all")

base, auth = f"http://127.0.0.1:{port}", ["-H", f"Authorization: Bearer {token}"]
runs = [("/feed first page, signed in", f"{base}/feed?limit=20", auth), ("/home first page", f"{base}/home?limit=20", auth),
        ("/home 90 % deep", f"{base}/home?limit=20&before={cursor}", auth),
        ("/feed 90 % deep, signed in", f"{base}/feed?limit=20&before={feed_cursor}", auth),
        ("/feed first page, anonymous", f"{base}/feed?limit=20", [])]


def command_line(pid):
    try:
        return open(f"/proc/{pid}/cmdline").read().replace("\0", " ")
    except OSError:
        return ""


server = next(p for p in os.listdir("/proc") if p.isdigit() and "mariadbd" in command_line(p) and f"--port={db_port}" in command_line(p))


def cpu():
    fields = open(f"/proc/{server}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def selects():
    return int(sql("SHOW GLOBAL STATUS LIKE 'Com_select'").split()[1])


def wrk(url, headers, s):
    return subprocess.run(["wrk", "-t2", "-c32", f"-d{s}s", *headers, url], capture_output=True, text=True).stdout


for name, url, headers in runs:
    status = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", *headers, url], capture_output=True, text=True).stdout
    assert status == "200", f"{name}: {status}"
    wrk(url, headers, 5)  # warm: JIT, pools, buffer pool

results = {name: [] for name, _, _ in runs}
for r in range(rounds):
    for name, url, headers in runs:
        c0, s0 = cpu(), selects()
        out = wrk(url, headers, seconds)
        time.sleep(1)  # the requests in flight when wrk stopped finish
        c1, s1 = cpu(), selects()
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        ms = (c1 - c0) * 1000 / max(1, s1 - s0 - 2)  # less the two Com_select reads
        results[name].append((rps, ms, open("/proc/loadavg").read().split()[0]))
        print(f"round {r + 1}: {name}: {rps:,.0f} req/s, MariaDB {ms:.3f} ms/page", file=sys.stderr, flush=True)

feed = results[runs[0][0]]
print("| listing | req/s median | rounds' req/s | req/s ÷ signed-in /feed's, per round (median) | MariaDB CPU ms/page median "
      "| CPU ÷ signed-in /feed's, per round (median) | 1-min load, each round |")
print("|---|---|---|---|---|---|---|")
for name, rows in results.items():
    share = [a[0] / b[0] for a, b in zip(rows, feed)]
    cpu_share = [a[1] / b[1] for a, b in zip(rows, feed)]
    print(f"| {name} | {statistics.median(r[0] for r in rows):,.0f} | {' / '.join(f'{r[0]:,.0f}' for r in rows)} "
          f"| {' / '.join(f'{x:.2f}' for x in share)} ({statistics.median(share):.2f}) | {statistics.median(r[1] for r in rows):.3f} "
          f"| {' / '.join(f'{x:.2f}' for x in cpu_share)} ({statistics.median(cpu_share):.2f}) | {' / '.join(r[2] for r in rows)} |")
