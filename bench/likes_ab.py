#!/usr/bin/env python3
"""Likes with notifications (B) against likes before them (A), alternating: see bench/likes_ab.sh. Prints a markdown table.

Usage: bench/likes_ab.py SOCKET ROUNDS SECONDS SIDE:PORT:PID SIDE:PORT:PID
"""
import json, os, re, statistics, subprocess, sys, tempfile, time, urllib.request, uuid

sock, rounds, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sides = [dict(zip(("name", "port", "pid"), s.split(":"))) for s in sys.argv[4:6]]
tick = os.sysconf("SC_CLK_TCK")
mysqld = open(sock.replace("mysqld.sock", "mysqld.pid")).read().strip()  # scripts/mariadb.sh keeps it beside the socket


def call(port, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


def cpu(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


def prepare(side):
    """8 authors with 250 posts each, 40 likers: a wrk script in which every request likes a (liker, post) pair no run
    has liked before (each run starts at its own offset), posts cycling fastest, so consecutive likes go to other authors."""
    run = uuid.uuid4().hex[:6]
    authors = [call(side["port"], "POST", "/auth/register", {"name": f"author{run}{i}", "password": "benchmark-pass-1"})
               for i in range(8)]
    posts = [call(side["port"], "POST", "/posts", {"title": f"post {n}", "body": "for the like benchmark"}, a["accessToken"])["id"]
             for a in authors for n in range(250)]
    likers = [call(side["port"], "POST", "/auth/register", {"name": f"liker{run}{i}", "password": "benchmark-pass-1"})["accessToken"]
              for i in range(40)]
    lua = """
local tokens = {%s}
local posts = {%s}
local n, half, offset = 0, 0, 0
local counter = 0
function setup(thread) thread:set("half", counter); counter = counter + 1 end
function init(args) half = tonumber(wrk.thread:get("half")); offset = tonumber(args[1]) end
function request()
  local k = offset + n
  n = n + 1
  local user = half * 20 + math.floor(k / #posts) %% 20 + 1
  local post = k %% #posts + 1
  return wrk.format("PUT", "/feed/" .. posts[post] .. "/like", {["Authorization"] = "Bearer " .. tokens[user]})
end
""" % (", ".join(f'"{t}"' for t in likers), ", ".join(map(str, posts)))
    path = tempfile.mktemp(suffix=".lua")
    open(path, "w").write(lua)
    side["script"] = path


def wrk(side, duration):
    # Each run starts 5,000 likes a thread past the last one's start: a thread answers far fewer in a run, and 40,000 pairs
    # a thread last eight runs.
    offset = side.setdefault("runs", 0) * 5000
    side["runs"] += 1
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{duration}s", "--latency", "-s", side["script"], f"http://127.0.0.1:{side['port']}",
                          "--", str(offset)],
                         capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    def ms(label):
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return requests, int(bad.group(1)) if bad else 0, ms("50"), ms("99")


for side in sides:
    prepare(side)
runs = []
for round_ in range(rounds):
    for side in sides:
        wrk(side, 3)
        api0, db0 = cpu(side["pid"]), cpu(mysqld)
        requests, bad, p50, p99 = wrk(side, seconds)
        api1, db1 = cpu(side["pid"]), cpu(mysqld)
        runs.append(dict(round=round_ + 1, side=side["name"].upper(), rps=requests / seconds, bad=bad, p50=p50, p99=p99,
                         api=(api1 - api0) / requests * 1000, db=(db1 - db0) / requests * 1000))

out = ["| Round | Side | likes/s | p50 / p99 | API CPU per like | MariaDB CPU per like | non-2xx |", "|---|---|---|---|---|---|---|"]
for r in runs:
    out.append(f"| {r['round']} | {r['side']} | {r['rps']:.0f} | {r['p50']:.2f} / {r['p99']:.2f} ms | {r['api']:.3f} ms | "
               f"{r['db']:.3f} ms | {r['bad']} |")
ratios = {k: [] for k in ("rps", "p50", "api", "db", "cost")}
for i in range(rounds):
    a, b = runs[2 * i], runs[2 * i + 1]
    for k in ("rps", "p50", "api", "db"):
        ratios[k].append(b[k] / a[k])
    ratios["cost"].append((b["api"] + b["db"]) / (a["api"] + a["db"]))
med = {k: statistics.median(v) for k, v in ratios.items()}
out += ["", "B over A, median of the rounds (target: a like's cost ≤ 1.2×):", "",
        "| likes/s | p50 latency | API CPU per like | MariaDB CPU per like | API + MariaDB CPU per like |", "|---|---|---|---|---|",
        f"| {med['rps']:.2f}× | {med['p50']:.2f}× | {med['api']:.2f}× | {med['db']:.2f}× | **{med['cost']:.2f}×** |"]
print("\n".join(out))
