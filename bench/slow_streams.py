"""Slow stream readers (issue 26, finding 1): a long post edited N times, then S streams resume from
before the edits and read ~1 KB/s. Prints the server's peak RSS, the bytes each stream got, and a
bystander's GET /feed status. Usage: slow_streams.py PID URL TOKEN [STREAMS] [EDITS] [SECONDS]"""
import json, socket, sys, threading, time, urllib.request

pid, url, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
streams, edits, seconds = (int(a) for a in (sys.argv[4:] + ["20", "200", "30"][len(sys.argv) - 4:])[:3])
host, port = url.split("//")[1].split(":")
auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

def call(method, path, body=None, ctype="application/json"):
    req = urllib.request.Request(url + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={**auth, "Content-Type": ctype})
    with urllib.request.urlopen(req) as r:
        return r.status, r.read()

def rss():
    return int(next(l for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")).split()[1]) // 1024

def first_event_id():
    s = socket.create_connection((host, int(port)))
    s.sendall(f"GET /feed/stream HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    call("POST", "/posts", {"title": "marker", "body": "b"})
    buf = b""
    while b"\nid: " not in buf or not buf.split(b"\nid: ", 1)[1].count(b"\n"):
        buf += s.recv(4096)
    s.close()
    return buf.split(b"\nid: ", 1)[1].split(b"\n", 1)[0].decode()

last_id = first_event_id()
_, created = call("POST", "/posts", {"title": "long", "body": "\U0001F600" * 4999})
post = json.loads(created)["id"]
for i in range(edits):
    call("PATCH", f"/posts/{post}", {"body": ("\U0001F601" if i % 2 else "\U0001F602") * 4999}, "application/merge-patch+json")

got = [0] * streams
def slow(i):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((host, int(port)))
    s.sendall(f"GET /feed/stream HTTP/1.1\r\nHost: x\r\nLast-Event-ID: {last_id}\r\n\r\n".encode())
    end = time.time() + seconds
    while time.time() < end:
        try:
            s.settimeout(1)
            data = s.recv(1024)
            if not data:
                break
            got[i] += len(data)
        except OSError:
            pass
        time.sleep(1)
    s.close()

base = rss()
threads = [threading.Thread(target=slow, args=(i,)) for i in range(streams)]
for t in threads: t.start()
peak, bystander = base, []
end = time.time() + seconds
while time.time() < end:
    peak = max(peak, rss())
    try:
        t0 = time.time(); urllib.request.urlopen(url + "/feed?limit=20").read(); bystander.append((200, time.time() - t0))
    except urllib.error.HTTPError as e:
        bystander.append((e.code, 0))
    time.sleep(1)
for t in threads: t.join()
print(f"RSS MB: before {base}, peak {peak} (+{peak - base}) with {streams} slow streams after {edits} edits of a ~60 KB post")
print(f"bystander /feed: {sorted(set(c for c, _ in bystander))}, slowest {max(d for _, d in bystander) * 1000:.0f} ms")
print(f"bytes per stream in {seconds} s: min {min(got)}, max {max(got)}")
