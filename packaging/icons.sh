#!/usr/bin/env bash
# icons.sh: generate every raster form of the Clientele app icon from its
# source, assets/icon/clientele.svg, into assets/icon/:
#
#   clientele-NN.png       NN = 16 24 32 48 64 128 256 512 1024 (rsvg-convert)
#   clientele.ico          Windows: 16 24 32 48 64 as BMP, 256 as raw PNG (icotool)
#   clientele.icns         macOS: 16 32 128 256 512 1024 (png2icns)
#   clientele-window.rgba  the 64x64 image as raw straight (non-premultiplied)
#                          RGBA8, row by row from the top: exactly 16384 bytes,
#                          compiled into the binary as the window icon
#
# Needs Debian's librsvg2-bin (rsvg-convert), icoutils (icotool), icnsutils
# (png2icns) and python3 (standard library only; it decodes the 64 px PNG into
# the .rgba). Run as root, the script installs whichever of them is missing
# with apt-get; otherwise it names what to install and stops.
#
# Deterministic and re-runnable: the same SVG gives byte-identical outputs.
# Works from any current directory.
#
# Usage: packaging/icons.sh
set -euo pipefail

cd "$(dirname "$0")/.."

SVG=assets/icon/clientele.svg
OUT=assets/icon
PNG_SIZES=(16 24 32 48 64 128 256 512 1024)

# --- tools -----------------------------------------------------------------

# command -> Debian package
declare -A PKG_OF=(
    [rsvg-convert]=librsvg2-bin
    [icotool]=icoutils
    [png2icns]=icnsutils
    [python3]=python3
)

# Run apt-get, waiting and retrying while another apt/dpkg holds the lock.
apt_get() {
    local tries=0 log
    log=$(mktemp)
    while true; do
        if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@" >"$log" 2>&1; then
            rm -f "$log"
            return 0
        fi
        if grep -qiE 'could not get lock|unable to acquire|is another process using it' "$log" && ((tries < 60)); then
            tries=$((tries + 1))
            echo "icons.sh: apt/dpkg is locked by another process; waiting (try $tries)..." >&2
            sleep 10
            continue
        fi
        cat "$log" >&2
        rm -f "$log"
        return 1
    done
}

missing=()
for cmd in rsvg-convert icotool png2icns python3; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${PKG_OF[$cmd]}")
done
if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "icons.sh: missing tools; install them with:" >&2
        echo "  sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
    echo "icons.sh: installing ${missing[*]}" >&2
    # Refresh the package lists once first if any package is not known yet.
    for p in "${missing[@]}"; do
        if ! apt-cache show "$p" >/dev/null 2>&1; then
            apt_get update -qq
            break
        fi
    done
    apt_get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- PNGs ------------------------------------------------------------------

for n in "${PNG_SIZES[@]}"; do
    rsvg-convert -w "$n" -h "$n" -f png -o "$OUT/clientele-$n.png" "$SVG"
done

# --- Windows .ico ----------------------------------------------------------
# 16-64 are stored as 32-bit BMP entries; 256 as an embedded PNG (-r), which
# Windows Vista and later read and which keeps the file small.

icotool -c -o "$OUT/clientele.ico" \
    "$OUT/clientele-16.png" "$OUT/clientele-24.png" "$OUT/clientele-32.png" \
    "$OUT/clientele-48.png" "$OUT/clientele-64.png" \
    -r "$OUT/clientele-256.png"

# --- macOS .icns -----------------------------------------------------------
# png2icns (icnsutils 0.8.1) accepts only 16, 32, 48, 128, 256, 512 and 1024
# (ic10, which macOS uses as 512@2x); it rejects 24 and 64, and it exits 0
# even then, so the result is checked below. It stores 256 and up as
# JPEG 2000, which macOS reads.

rm -f "$OUT/clientele.icns"
png2icns "$OUT/clientele.icns" \
    "$OUT/clientele-16.png" "$OUT/clientele-32.png" "$OUT/clientele-128.png" \
    "$OUT/clientele-256.png" "$OUT/clientele-512.png" "$OUT/clientele-1024.png" \
    >/dev/null
[[ -s "$OUT/clientele.icns" ]] || { echo "icons.sh: png2icns wrote no icns" >&2; exit 1; }

# --- window icon: raw RGBA8 ------------------------------------------------
# rsvg-convert writes 8-bit RGBA, non-interlaced PNGs with straight alpha;
# decode the 64 px one with the standard library (no Pillow needed).

python3 - "$OUT/clientele-64.png" "$OUT/clientele-window.rgba" <<'PY'
import struct
import sys
import zlib

src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{src}: not a PNG")
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    (length,) = struct.unpack(">I", data[pos:pos + 4])
    kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
    pos += 12 + length
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    elif kind == b"IEND":
        break
width, height, depth, colour, _, _, interlace = ihdr
if (width, height, depth, colour, interlace) != (64, 64, 8, 6, 0):
    sys.exit(f"{src}: expected a 64x64 8-bit RGBA non-interlaced PNG, got {ihdr}")

raw, bpp, stride = zlib.decompress(idat), 4, width * 4
out, prev, i = bytearray(), bytearray(stride), 0
for _ in range(height):
    ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if ftype == 1:
            line[x] = (line[x] + a) & 0xFF
        elif ftype == 2:
            line[x] = (line[x] + b) & 0xFF
        elif ftype == 3:
            line[x] = (line[x] + ((a + b) >> 1)) & 0xFF
        elif ftype == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[x] = (line[x] + pred) & 0xFF
        elif ftype != 0:
            sys.exit(f"{src}: bad PNG filter type {ftype}")
    out += line
    prev = line
assert len(out) == 64 * 64 * 4
open(dst, "wb").write(bytes(out))
PY

echo "icons.sh: wrote $OUT/clientele-{$(IFS=,; echo "${PNG_SIZES[*]}")}.png, clientele.ico, clientele.icns, clientele-window.rgba"
