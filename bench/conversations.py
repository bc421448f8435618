#!/usr/bin/env python3
"""Comments and notifications pages, and grouping on write against on read: see bench/conversations.sh.

Usage: bench/conversations.py SOCKET PORT API_PID ROUNDS SECONDS
"""
import json, os, re, statistics, subprocess, sys, time, urllib.parse, urllib.request

sock, port, api_pid, rounds, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
base = f"http://127.0.0.1:{port}"
tick = os.sysconf("SC_CLK_TCK")
mysqld = open(sock.replace("mysqld.sock", "mysqld.pid")).read().strip()
N = 100_000  # users, posts, comments on the viral post, likes of it


def sql(q, db="feed_conv"):
    return subprocess.run(["mariadb", "--no-defaults", f"--socket={sock}", "-uroot", "-N", "-B", db, "-e", q],
                          check=True, capture_output=True, text=True).stdout.strip()


def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


token = call("POST", "/auth/register", {"name": "conversations-author", "password": "benchmark-pass-1"})["accessToken"]
author = int(sql("SELECT Id FROM Users WHERE Name = 'conversations-author'"))
viral = N
sql(f"""
SET SESSION unique_checks = 0;
INSERT INTO Users (Id, Name, NormalizedName, IsAdmin, CreatedAt, SecurityStamp)
  SELECT {author} + seq, CONCAT('u', seq), CONCAT('u', seq), 0, '2026-11-01', 'x' FROM seq_1_to_{N};
INSERT INTO FeedItems (Id, CreatedAt, AuthorId, LikeCount, Discriminator, Title, Body, CommentCount)
  SELECT seq, '2026-11-01' + INTERVAL seq SECOND, {author}, IF(seq = {viral}, {N}, 1), 'post', CONCAT('post ', seq), 'body',
    IF(seq = {viral}, {N}, 0) FROM seq_1_to_{N};
INSERT INTO Likes (ItemId, UserId, CreatedAt)
  SELECT {viral}, {author} + seq, '2026-12-01' + INTERVAL (seq * 3 * 86400 DIV {N}) SECOND FROM seq_1_to_{N};
INSERT INTO Likes (ItemId, UserId, CreatedAt)
  SELECT seq, {author} + seq, '2026-11-02' + INTERVAL seq SECOND FROM seq_1_to_{N - 1};
INSERT INTO Comments (Id, ItemId, AuthorId, ReplyToId, Text, CreatedAt, ThreadAt, ReplyCount)
  SELECT seq, {viral}, {author} + seq, NULL, CONCAT('comment ', seq), '2026-12-01' + INTERVAL seq SECOND,
    '2026-12-01' + INTERVAL seq SECOND, IF(seq <= {N // 5}, 1, 0) FROM seq_1_to_{N * 4 // 5};
INSERT INTO Comments (Id, ItemId, AuthorId, ReplyToId, Text, CreatedAt, ThreadAt, ReplyCount)
  SELECT {N * 4 // 5} + seq, {viral}, {author} + seq + 7, seq, CONCAT('reply ', seq), '2026-12-05' + INTERVAL seq SECOND,
    '2026-12-01' + INTERVAL seq SECOND, 0 FROM seq_1_to_{N // 5};
INSERT INTO Notifications (RecipientId, Kind, SubjectId, ItemId, WindowStart, ActorCount, LatestActorId, At, Seq)
  SELECT {author}, 'like', ItemId, ItemId, DATE(CreatedAt), COUNT(*), MAX(UserId), MAX(CreatedAt),
    ROW_NUMBER() OVER (ORDER BY MAX(CreatedAt)) FROM Likes GROUP BY ItemId, DATE(CreatedAt);
ANALYZE TABLE Comments, Notifications, Likes, FeedItems, Users;
""")


def walk(path, field, param, rows):
    """The cursor a reader holds after scrolling `rows` rows down `path` (100 a page)."""
    cursor, seen = None, 0
    while seen < rows:
        page = call("GET", f"{path}{'&' if '?' in path else '?'}limit=100" + (f"&{param}={urllib.parse.quote(cursor)}" if cursor else ""),
                    token=token)
        seen += len(page["items"])
        cursor = page[field]
    return cursor


groups = int(sql(f"SELECT COUNT(*) FROM Notifications WHERE RecipientId = {author}"))
deep_comments = walk(f"/feed/{viral}/comments", "nextCursor", "after", N * 9 // 10)
deep_notifications = walk("/me/notifications", "nextCursor", "before", groups * 9 // 10)
urls = [("comments, first page", f"/feed/{viral}/comments?limit=20"),
        ("comments, 90 % deep", f"/feed/{viral}/comments?limit=20&after={urllib.parse.quote(deep_comments)}"),
        ("notifications, first page", "/me/notifications?limit=20"),
        ("notifications, 90 % deep", f"/me/notifications?limit=20&before={urllib.parse.quote(deep_notifications)}")]
lua = f'wrk.headers["Authorization"] = "Bearer {token}"'
open("/tmp/feed-conv.lua", "w").write(lua)


def cpu(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


def selects():
    return int(sql("SHOW GLOBAL STATUS LIKE 'Com_select'").split()[1])


def run(url, duration):
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", "-s", "/tmp/feed-conv.lua", base + url],
                         capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    return int(re.search(r"(\d+) requests in", out).group(1)), int(bad.group(1)) if bad else 0, \
        float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


results = {name: [] for name, _ in urls}
for _ in range(rounds):
    for name, url in urls:
        run(url, 3)
        db0, s0 = cpu(mysqld), selects()
        requests, bad, p99 = run(url, seconds)
        db1, s1 = cpu(mysqld), selects()
        results[name].append(dict(rps=requests / seconds, bad=bad, p99=p99, db=(db1 - db0) / requests * 1000,
                                  statements=(s1 - s0) / requests))

out = ["| Page | req/s (median) | p99 | statements per page | MariaDB CPU per page | non-2xx |", "|---|---|---|---|---|---|"]
for name, runs in results.items():
    med = lambda k: statistics.median(r[k] for r in runs)  # noqa: E731
    out.append(f"| {name} | {med('rps'):.0f} | {med('p99'):.1f} ms | {med('statements'):.2f} | {med('db'):.3f} ms | "
               f"{sum(r['bad'] for r in runs)} |")
first, deep = (statistics.median(r["db"] for r in results[n]) for n in ("comments, first page", "comments, 90 % deep"))
nfirst, ndeep = (statistics.median(r["db"] for r in results[n]) for n in ("notifications, first page", "notifications, 90 % deep"))
out += ["", f"Deep over first, MariaDB CPU per page: comments {deep / first:.2f}×, notifications {ndeep / nfirst:.2f}×.", ""]


def analyze(q):
    plan = sql("ANALYZE FORMAT=JSON " + q)  # the client prints it on one line, its line breaks escaped
    rows = sum(float(m) for m in re.findall(r'"r_rows":\s*([\d.]+)', plan))
    times = []
    for _ in range(7):
        t = time.perf_counter()
        sql(q)
        times.append((time.perf_counter() - t) * 1000)
    return rows, statistics.median(times)


on_write = (f"SELECT n.Id, n.Kind, n.ActorCount, n.At, u.Name FROM Notifications n JOIN Users u ON u.Id = n.LatestActorId "
            f"WHERE n.RecipientId = {author} ORDER BY n.Seq DESC LIMIT 21")
on_read = (f"SELECT l.ItemId, DATE(l.CreatedAt) AS d, COUNT(*), MAX(l.CreatedAt) AS latest FROM Likes l "
           f"JOIN FeedItems i ON i.Id = l.ItemId WHERE i.AuthorId = {author} GROUP BY l.ItemId, d ORDER BY latest DESC LIMIT 21")
viral_rows = int(sql(f"SELECT COUNT(*) FROM Notifications WHERE ItemId = {viral}"))
(w_rows, w_ms), (r_rows, r_ms) = analyze(on_write), analyze(on_read)
out += ["Grouping likes into notifications, the author's first page of 20 groups (the same SQL through the `mariadb` client,",
        "median of 7; rows: the sum of `r_rows` in `ANALYZE FORMAT=JSON`):", "",
        "| Grouping | rows read | time | notification rows for the post liked 100,000 times |", "|---|---|---|---|",
        f"| on write (what Feed does) | {w_rows:,.0f} | {w_ms:.1f} ms | {viral_rows} (one a day) |",
        f"| on read (GROUP BY over the likes) | {r_rows:,.0f} | {r_ms:.1f} ms | 0 (but 100,000 likes read per page) |"]
print("\n".join(out))
