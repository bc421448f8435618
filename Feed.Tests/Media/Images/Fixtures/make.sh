#!/usr/bin/env bash
# Makes the committed image fixtures the pipeline tests read, so the tests need none of these tools.
# Needs Debian's libjpeg-turbo-progs (cjpeg), libimage-exiftool-perl (exiftool) and libheif-examples (heif-enc):
#   apt-get install -y libjpeg-turbo-progs libimage-exiftool-perl libheif-examples
# Usage: bash Feed.Tests/Media/Images/Fixtures/make.sh   (rewrites the files beside it)
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The base picture, stored landscape 120 × 80: its left quarter red, the rest blue, so a test can tell which way
# is up after rotation (orientation 6 turns the red quarter into the top rows, orientation 8 into the bottom).
python3 - "$tmp" <<'PY'
import struct, sys, zlib
tmp = sys.argv[1]
w, h = 120, 80
rows = [b"".join(bytes(p) for p in [((220, 30, 30) if x < 30 else (30, 60, 220)) for x in range(w)]) for _ in range(h)]
with open(f"{tmp}/base.ppm", "wb") as f:
    f.write(b"P6\n%d %d\n255\n" % (w, h) + b"".join(rows))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
raw = b"".join(b"\0" + r for r in rows)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open(f"{tmp}/base.png", "wb").write(png)
PY
cjpeg -quality 90 -outfile "$tmp/base.jpg" "$tmp/base.ppm"

# A phone photo's metadata: GPS (Eiffel Tower) in EXIF and in XMP, a camera, a description, and the orientation.
gps=(-GPSLatitude=48.858370 -GPSLatitudeRef=N -GPSLongitude=2.294481 -GPSLongitudeRef=E -GPSAltitude=35
     -XMP-exif:GPSLatitude="48.858370 N" -XMP-exif:GPSLongitude="2.294481 E" -Make=FeedPhone -Model=GpsLeak
     -ImageDescription=secret-description -XMP-dc:Description=secret-xmp-description)
for o in 6 8; do
  cp "$tmp/base.jpg" "rotated-$o-gps.jpg"
  exiftool -q -overwrite_original -Orientation#="$o" "${gps[@]}" "rotated-$o-gps.jpg"
done

# HEIF from the same picture: HEVC inside (an iPhone's HEIC) and AV1 inside (AVIF).
heif-enc -q 80 -o photo.heic "$tmp/base.png" >/dev/null
heif-enc -A -q 80 -o photo.avif "$tmp/base.png" >/dev/null

# A decompression bomb: a valid 1-bit PNG of 50,000 × 50,000 zeros. ~300 KB here; 2.5 GB once decoded to 8 bits.
python3 - <<'PY'
import struct, zlib
w = h = 50_000
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
z = zlib.compressobj(9)
row = b"\0" * (1 + w // 8)
idat = b"".join(z.compress(row) for _ in range(h)) + z.flush()
open("bomb-50000x50000.png", "wb").write(b"\x89PNG\r\n\x1a\n"
    + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
PY
ls -l
