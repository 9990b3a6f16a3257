#!/usr/bin/env bash
# Retakes the README's screenshots of a three-line sale typed from the keyboard for a Korean
# customer, at 1024x640, 1280x720 and 1920x1080, with the window filling the screen. The OS fonts
# are hidden from the program (an empty fontconfig), so what renders is what Clientele carries.
#   assets/screenshots/take-laptop.sh [path/to/clientele]
# Needs ../shared/tools/gui-shot (Xvfb, xdotool, ImageMagick).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
app=${1:-$root/target/release/clientele}
shot=$root/../shared/tools/gui-shot
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

book=$work/book.db
"$app" --db "$book" demo --customers 200 --items 40 --levels 3 --special-prices 150 --vouchers 3000 >/dev/null
"$app" --db "$book" customers add --name "广州百川设计有限公司" >/dev/null
"$app" --db "$book" customers add --name "株式会社サクラ商事" >/dev/null

mkdir -p "$work/fonts"
cat >"$work/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$work/fonts</dir></fontconfig>
CONF

# size, and where the item field is in a window of that size
for spec in 1024x640:420,354 1280x720:590,336 1920x1080:800,336; do
  size=${spec%%:*}
  item=${spec#*:}
  {
    echo "sleep 1"
    echo "search --onlyvisible --name Clientele windowmove %@ 0 0 windowsize %@ ${size%x*} ${size#*x}"
    echo "sleep 1.5"
    echo "mousemove ${item%,*} ${item#*,} click 1"
    for line in "I00018 3" "I00024 12" "I00016 1"; do
      echo "type ${line% *}"
      echo "sleep 0.4"
      echo "key Return"
      echo "sleep 0.4"
      echo "type ${line#* }"
      for _ in 1 2 3; do echo "key Return"; echo "sleep 0.4"; done
    done
    echo "sleep 0.5"
  } >"$work/keys"
  "$shot" "$here/laptop-$size.png" --size "$size" --keys "$work/keys" -- \
    env FONTCONFIG_FILE="$work/fonts.conf" "$app" --db "$book"
done
