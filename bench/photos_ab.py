"""The photos-ab section of docs/benchmarks.md from bench/photos.sh's A/B runs (one JSON line per run, alternating).
Usage: python3 bench/photos_ab.py RUNS.jsonl A_REF A_COMMIT B_COMMIT [SECTION (photos-ab)]"""
import json
import statistics
import sys
from datetime import datetime, timezone

path, a_ref, a_commit, b_commit = sys.argv[1:5]
section = sys.argv[5] if len(sys.argv) > 5 else "photos-ab"
runs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]


def reader(run, name):
    return next(r for r in run["readers"] if r["reader"] == name)


def ratio(run, name):
    r = reader(run, name)
    return f"{r['ratio']:.2f}× ({r['p99During']:.0f} / {r['p99Without']:.0f} ms)"


names = sorted({r["reader"] for run in runs for r in run["readers"]})
out = [f"<!-- {section}:begin -->", f"## Photos over HTTP, A against B (issue 28): `{section}`", "",
       f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by `FEED_BENCH_PHOTO_AB={a_ref} bash bench/photos.sh`:",
       f"A is `{a_ref}` ({a_commit}), B this branch ({b_commit}); each run a fresh API process (Release, Production,",
       "MALLOC_ARENA_MAX=2, defaults) on the same seeded SQLite copy, A and B alternating, three rounds. Per run:",
       f"{runs[0].get('uploads', 15)} uploads one at a time (201, then ready polled every 20 ms), then readers",
       "(`GET /feed?limit=20`, `GET /posts?limit=20`, 50/s each, signed in) without and during batches of 10 uploads at",
       f"once (each polling its status every {runs[0].get('batchPollMs', 20):.0f} ms), three alternating 10 s windows;",
       "p99 during / p99 without. Load average (1, 5, 15 min) after the single",
       "uploads and after each readers' window. On 2 cores shared with other work; the client runs on them too.", "",
       "| Round | Side | 201 p50 / p95 | ready p50 / p95 | " + " | ".join(f"{n} p99 ratio" for n in names)
       + " | 10 at once: peak RSS | batches all ready | load (single; windows) |",
       "|---|---|---|---|" + "---|" * len(names) + "---|---|---|"]
for i, run in enumerate(runs):
    loads = "; ".join(reader(run, names[0])["loads"])
    out.append(f"| {i // 2 + 1} | {run['side']} | {run['answeredP50']:.0f} / {run['answeredP95']:.0f} ms | "
               f"{run['readyP50']:.0f} / {run['readyP95']:.0f} ms | " + " | ".join(ratio(run, n) for n in names)
               + f" | {run['peakRssMb']} MB | {', '.join(f'{s:.1f}' for s in run['batchSeconds'])} s | "
               f"{run['singleLoad']}; {loads} |")
out += ["", "Medians of the three rounds:", "",
        "| Side | 201 p95 (≤ 700 ms) | ready p95 (≤ 2,000 ms) | " + " | ".join(f"{n} ratio (≤ 2×)" for n in names)
        + " | peak RSS (≤ 600 MB) |", "|---|---|---|" + "---|" * len(names) + "---|"]
for side in ("A", "B"):
    mine = [r for r in runs if r["side"] == side]
    med = lambda f: statistics.median(f(r) for r in mine)  # noqa: E731
    out.append(f"| {side} | {med(lambda r: r['answeredP95']):.0f} ms | {med(lambda r: r['readyP95']):.0f} ms | "
               + " | ".join(f"{med(lambda r, n=n: reader(r, n)['ratio']):.2f}×" for n in names)
               + f" | {med(lambda r: r['peakRssMb']):.0f} MB |")
out.append(f"<!-- {section}:end -->")
print("\n".join(out))
