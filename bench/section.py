"""Writes one script's section of docs/benchmarks.md: the text between <!-- NAME:begin --> and
<!-- NAME:end --> (which the section itself carries) is replaced, or the section is appended.
Usage: python3 bench/section.py NAME "$section"   (bench/stream.sh, bench/peers.sh)"""
import re
import sys

name, section = sys.argv[1], sys.argv[2]
path = "docs/benchmarks.md"
text = open(path, encoding="utf-8-sig").read()
begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
if begin in text:
    text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: section, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w", encoding="utf-8").write(text)
