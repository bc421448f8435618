#!/usr/bin/env python3
"""1,000 stream subscribers on one instance while items are posted at 20/s.

Measures, for every (subscriber, item) pair, the delay from the moment the POST that created the
item answered (it had committed) to the moment the subscriber read the item's event; the database
queries per second during the run (MariaDB's Questions counter); the instance's RSS and CPU.
Subscribers come from 50 loopback addresses (127.0.0.1-50), 20 each: the per-address cap.

Usage: bench/stream_load.py PID URL TOKEN [SUBSCRIBERS] [SECONDS] [RATE]
  PID    the service's process id (a Release build), URL its base (http://127.0.0.1:5099),
  TOKEN  a bearer token to post with. Reads MariaDB's counters through `mariadb` on .mysql/mysqld.sock.
"""
import asyncio, json, os, statistics, subprocess, sys, time, urllib.parse

pid, base, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
subscribers = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
seconds = int(sys.argv[5]) if len(sys.argv) > 5 else 30
rate = float(sys.argv[6]) if len(sys.argv) > 6 else 20
host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
tick = os.sysconf("SC_CLK_TCK")
posted = {}      # item id -> time its POST answered
received = []    # delays in seconds
connected = 0


def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick


def rss_mb():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024


def questions():
    out = subprocess.run(["mariadb", "--no-defaults", "--socket=.mysql/mysqld.sock", "-uroot", "-N", "-B", "-e",
                          "SHOW GLOBAL STATUS LIKE 'Questions'"], capture_output=True, text=True, check=True).stdout
    return int(out.split()[1])


async def subscriber(i, ready, done):
    global connected
    reader, writer = await asyncio.open_connection(host, port, local_addr=(f"127.0.0.{i % 50 + 1}", 0))
    writer.write(f"GET /feed/stream HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    status = await reader.readline()
    assert b" 200 " in status, status
    while (await reader.readline()) not in (b"\r\n", b""):
        pass
    connected += 1
    ready.set() if connected == subscribers else None
    event = None
    while True:  # cancelled at the end of the run
        line = await reader.readline()
        if not line:
            break
        # chunked framing: size lines and blank lines are skipped; SSE lines start with a field name.
        # The item's id is found without parsing the JSON: the client must not be the bottleneck.
        if line.startswith(b"event: "):
            event = line[7:].strip()
        elif event == b"item" and line.startswith(b"data: "):
            start = line.index(b'"id":') + 5
            at = posted.get(int(line[start:line.index(b",", start)]))
            if at is not None:
                received.append(time.monotonic() - at)
    writer.close()


async def post(session_index):
    reader, writer = await asyncio.open_connection(host, port)
    body = json.dumps({"title": f"load {session_index}", "body": "posted by bench/stream_load.py"}).encode()
    writer.write(f"POST /posts HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
    await writer.drain()
    response = await reader.read()
    at = time.monotonic()
    writer.close()
    head, _, payload = response.partition(b"\r\n\r\n")
    assert b" 201 " in head.split(b"\r\n")[0], head[:100]
    if b"chunked" in head.lower():
        payload = payload.split(b"\r\n", 1)[1]
    posted[json.loads(payload[: payload.rindex(b"}") + 1])["id"]] = at


async def main():
    ready, done = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(subscriber(i, ready, done)) for i in range(subscribers)]
    await asyncio.wait_for(ready.wait(), 120)
    await asyncio.sleep(2)
    q_idle, t_idle = questions(), time.monotonic()
    await asyncio.sleep(10)
    idle_rate = (questions() - q_idle - 1) / (time.monotonic() - t_idle)  # minus our own SHOW STATUS
    rss_before, cpu_before, q_before, t0 = rss_mb(), cpu(), questions(), time.monotonic()
    rss_peak = rss_before
    n = 0
    while time.monotonic() - t0 < seconds:
        await post(n)
        n += 1
        rss_peak = max(rss_peak, rss_mb())
        await asyncio.sleep(max(0, t0 + n / rate - time.monotonic()))
    await asyncio.sleep(3)
    elapsed = time.monotonic() - t0
    cpu_used, q_used = cpu() - cpu_before, questions() - q_before
    done.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    delays = sorted(received)
    q = lambda p: delays[min(len(delays) - 1, int(p * len(delays)))] * 1000
    print(f"subscribers {subscribers}, items posted {n} in {seconds} s ({n / seconds:.1f}/s), deliveries {len(delays)} of {n * subscribers}")
    print(f"delivery latency ms: p50 {q(0.50):.0f}, p95 {q(0.95):.0f}, p99 {q(0.99):.0f}, max {delays[-1] * 1000:.0f}")
    print(f"database queries/s with {subscribers} subscribers and nothing posted: {idle_rate:.2f}; while posting (the posts' own included): {q_used / elapsed:.1f}")
    print(f"RSS MB: {rss_before:.0f} with subscribers connected, peak {rss_peak:.0f}; CPU: {cpu_used / elapsed * 100:.0f}% of one core")


asyncio.run(main())
