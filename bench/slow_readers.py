"""Slow readers of /feed?limit=100 and a bystander reading /feed?limit=20 (bench/slow_readers.sh).
Usage: python3 bench/slow_readers.py PID HOST PORT READERS SECONDS LABEL"""
import socket
import sys
import threading
import time
import urllib.error
import urllib.request

pid, host, port, readers, seconds, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
stop = time.monotonic() + seconds


def rss_mib():
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024
    except FileNotFoundError:
        return float("nan")  # the process died (out of memory under the capped heap)


def slow_reader():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    try:
        s.connect((host, port))
        s.sendall(f"GET /feed?limit=100 HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        while time.monotonic() < stop:
            if not s.recv(1024):
                return  # the server closed it
            time.sleep(1)
    except OSError:
        pass
    finally:
        s.close()


statuses, slowest = {}, 0.0


def bystander():
    global slowest
    while time.monotonic() < stop:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://{host}:{port}/feed?limit=20", timeout=30) as response:
                response.read()
                code = response.status
        except urllib.error.HTTPError as e:
            code = e.code
        except OSError:
            code = "error"
        slowest = max(slowest, time.monotonic() - started)
        statuses[code] = statuses.get(code, 0) + 1
        time.sleep(0.25)


base = rss_mib()
threads = [threading.Thread(target=slow_reader) for _ in range(readers)] + [threading.Thread(target=bystander)]
for t in threads:
    t.start()
peak = base
while any(t.is_alive() for t in threads):
    rss = rss_mib()
    peak = peak if rss != rss else max(peak, rss)
    time.sleep(0.5)
time.sleep(5)
print(f"{label}: {readers} slow readers for {seconds:.0f} s: RSS {base:.0f} -> peak {peak:.0f} MiB (+{peak - base:.0f}), "
      f"{rss_mib():.0f} MiB 5 s after they closed (nan: the process was gone); bystander statuses {statuses}, slowest read {slowest:.2f} s")
