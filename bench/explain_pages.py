#!/usr/bin/env python3
"""Rows MariaDB reads for one feed page, shallow and deep: ANALYZE FORMAT=JSON of the page query
EF generates (ItemReads.PageQuery, `before` direction, limit 20, anonymous), for the mixed feed,
each kind, and the author feed (/users/{id}/items) of the user with the most items, all kinds and games only.

Usage: bench/explain_pages.py DATABASE [SOCKET]   (a database migrated and filled with items)
"""
import json, subprocess, sys

db = sys.argv[1]
sock = sys.argv[2] if len(sys.argv) > 2 else ".mysql/mysqld.sock"

def sql(q):
    return subprocess.run(["mariadb", "--no-defaults", f"--socket={sock}", "-uroot", "-N", "-B", "-r", db, "-e", q],
                          check=True, capture_output=True, text=True).stdout

def kind_filter(alias, kind, author=None):
    return (f"{alias}.AuthorId = {author} AND " if author else "") + (f"{alias}.Discriminator = '{kind}' AND " if kind else "")

def page_query(kind, t, i, author=None):
    return f"""SELECT f3.Id, f3.AuthorId, f3.CreatedAt, f3.Discriminator, f3.LikeCount, f3.JoinedCount, f3.Body, f3.Title,
 f3.GameLocation, f3.GameName, f3.RoomName, u0.Name
FROM (SELECT f1.Id FROM (SELECT f.Id FROM FeedItems AS f
        WHERE {kind_filter('f', kind, author)}((f.CreatedAt < '{t}') OR ((f.CreatedAt = '{t}') AND (f.Id < {i})))
        ORDER BY f.CreatedAt DESC, f.Id DESC LIMIT 21) AS f1
      UNION ALL
      SELECT f2.Id FROM (SELECT f0.Id FROM FeedItems AS f0
        WHERE {kind_filter('f0', kind, author)}((f0.CreatedAt > '{t}') OR ((f0.CreatedAt = '{t}') AND (f0.Id >= {i})))
        ORDER BY f0.CreatedAt, f0.Id LIMIT 1) AS f2) AS u
INNER JOIN FeedItems AS f3 ON u.Id = f3.Id
INNER JOIN Users AS u0 ON f3.AuthorId = u0.Id"""

def tables(node, out):
    if isinstance(node, dict):
        t = node.get("table")
        if isinstance(t, dict):
            out.append(t)
        for v in node.values():
            tables(v, out)
    elif isinstance(node, list):
        for v in node:
            tables(v, out)
    return out

author = int(sql("SELECT AuthorId FROM FeedItems GROUP BY AuthorId ORDER BY COUNT(*) DESC, AuthorId LIMIT 1"))
print(f"{'listing':13} {'depth':>8} {'rows read':>10} {'ms':>7}  access paths")
for kind, by in [(None, None), ("post", None), ("game", None), ("team", None), (None, author), ("game", author)]:
    conditions = ([f"AuthorId = {by}"] if by else []) + ([f"Discriminator = '{kind}'"] if kind else [])
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    total = int(sql(f"SELECT COUNT(*) FROM FeedItems {where}"))
    for fraction in [0.0, 0.5, 0.9, 0.99]:
        depth = max(20, int(total * fraction))
        t, i = sql(f"SELECT CreatedAt, Id FROM FeedItems {where} ORDER BY CreatedAt DESC, Id DESC LIMIT 1 OFFSET {depth - 1}").strip().split("\t")
        plan = json.loads(sql("ANALYZE FORMAT=JSON " + page_query(kind, t, i, by)))
        ts = tables(plan, [])
        rows = sum(float(x.get("r_rows", 0)) * float(x.get("r_loops", 1)) for x in ts)
        paths = ", ".join(f"{x['table_name']}:{x.get('access_type')}/{x.get('key')}" for x in ts)
        name = (f"author:{by}:" if by else "") + (kind or ("all" if by else "mixed"))
        print(f"{name:13} {depth:>8} {rows:>10.0f} {plan['query_block'].get('r_total_time_ms', 0):>7.2f}  {paths}")
