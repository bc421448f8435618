"""Finishes docs/benchmarks.md after bench/run.sh's steps: the run section (date, commit, command, each step's wall
time and command), one line under each section's heading saying which step measured it, and ONE targets table at
the top gathered from every section's own target table (issue 31's first, then 27's, 28's, 30's).
Usage: python3 bench/summary.py STEPS_TSV COMMAND NOTES COMMIT   (bench/run.sh runs it last; STEPS_TSV: name, seconds,
command, sections (comma-separated), start UTC per line)"""
import re
import sys
import time

steps_file, command, notes, commit = sys.argv[1:5]
path = "docs/benchmarks.md"
text = open(path, encoding="utf-8-sig").read()
steps = [line.rstrip("\n").split("\t") for line in open(steps_file, encoding="utf-8") if line.strip()]

# Which issue each section's targets belong to, in the order the top table lists them.
ISSUES = [("feed", "31"), ("peers", "31"), ("home", "27"), ("home-ab", "27"), ("photos", "28"), ("photos-http", "28"),
          ("photos-page", "28"), ("conversations", "30"), ("likes-ab", "30"), ("stream", "—")]


def section(name):
    match = re.search(rf"<!-- {re.escape(name)}:begin -->(.*?)<!-- {re.escape(name)}:end -->", text, flags=re.S)
    return match.group(1) if match else None


def tables(body):
    """Each markdown table in body as a list of rows (lists of cells), header first, separator dropped."""
    found, current = [], []
    for line in body.splitlines() + [""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                current.append(cells)
        elif current:
            found.append(current)
            current = []
    return found


def met(cell):
    plain = cell.replace("*", "").strip().lower()
    if plain.startswith(("yes", "met")) or plain.endswith(": met"):
        return "yes"
    return "**no**" if plain.startswith(("no", "not")) or "not met" in plain else cell


def targets(body):
    rows = []
    for table in tables(body):
        header = [h.lower().rstrip("?") for h in table[0]]
        if header[0] == "target" and "met" in header:
            measured = next(i for i, h in enumerate(header) if h.startswith("measured"))
            engine = header.index("engine") if "engine" in header else None
            for row in table[1:]:
                if len(row) != len(header):
                    continue
                what = row[measured] + (f" ({row[engine]})" if engine is not None else "")
                rows.append((row[0], what, met(row[header.index("met")])))
        elif "target" in header and header[0] != "target":  # photos-page: a target column like "≤ 1: met"
            t = header.index("target")
            for row in table[1:]:
                threshold = row[t].split(":")[0]
                rows.append((f"{row[0]}: {table[0][1]} {threshold}", row[1], met(row[t])))
    return rows


inv_total = sum(float(s[1]) for s in steps)
started = steps[0][4] if steps else time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
run = ["<!-- run:begin -->", "## This run", "",
       f"`{command}` at commit `{commit}`, started {started}, {inv_total / 60:.1f} minutes of wall time in all "
       "(the steps below, from a clean clone: the builds included). Each step's command, as run:", "",
       "| step | command | wall time |", "|---|---|---|"]
for name, seconds, cmd, _, _ in steps:
    run.append(f"| {name} | `{cmd}` | {float(seconds):.0f} s ({float(seconds) / 60:.1f} min) |")
run.append(f"| **total** | | **{inv_total:.0f} s ({inv_total / 60:.1f} min)** |")
run += ["", notes]
run.append("<!-- run:end -->")
text = re.sub(r"<!-- run:begin -->.*?<!-- run:end -->", lambda _: "\n".join(run), text, flags=re.S)

# Under each section's first heading: the step that measured it.
for name, seconds, cmd, sections, at in steps:
    for s in filter(None, sections.split(",")):
        note = f"\n_Measured by `{cmd}` (a step of `{command}`), {at}, commit `{commit}`._\n"
        text = re.sub(rf"(<!-- {re.escape(s)}:begin -->\n#+ [^\n]*\n)", lambda m: m.group(1) + note, text, count=1)

top = ["<!-- targets:begin -->", "## Targets", "",
       "Every target row of the sections below, gathered here (issue 31's first, then issue 27's home timeline, issue 28's "
       "photos); the section holds the details, sizes and durations.", "",
       "| issue | target | measured | met |", "|---|---|---|---|"]
for name, issue in ISSUES:
    body = section(name)
    if body is None:
        continue
    for target, measured, ok in targets(body):
        top.append(f"| {issue} | {target} | {measured} | {ok} |")
top.append("<!-- targets:end -->")
text = re.sub(r"<!-- targets:begin -->.*?<!-- targets:end -->", lambda _: "\n".join(top), text, flags=re.S)
open(path, "w", encoding="utf-8").write(text)
print("\n".join(top))
