#!/usr/bin/env bash
# Builds the .deb and proves it as an office would use it: install it into this system, check
# its desktop file and AppStream metainfo, start the installed `clientele` from PATH under a
# virtual X display with a D-Bus session, see a window titled Clientele (with the app's id as its
# class), start it a second time and see that start hand over to the open window, run CLI
# commands (one raising an alert notification, read off the session bus), then remove the
# package and check that none of its files is left and that the book it made is still there.
#
# Run on Debian or Ubuntu as root (as .ci/run is) or as a user with sudo (as GitHub's runners
# are): it installs what it needs with apt-get and cargo.
# Usage: packaging/linux/check-deb.sh [--keep]   (--keep leaves the package installed)
set -euo pipefail
cd "$(dirname "$0")/../.."

keep=false
[[ ${1:-} == --keep ]] && keep=true
started=$SECONDS
step() { printf '== %s (%ds)\n' "$*" "$((SECONDS - started))"; }
fail() { printf 'check-deb: FAILED: %s\n' "$*" >&2; exit 1; }

sudo=""
[[ $EUID -eq 0 ]] || sudo="sudo"

step "tools"
need=()
for tool in Xvfb:xvfb xdotool:xdotool xprop:x11-utils dbus-run-session:dbus dbus-monitor:dbus \
    dunst:dunst desktop-file-validate:desktop-file-utils appstreamcli:appstream \
    dpkg-shlibdeps:dpkg-dev; do
  command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
if ((${#need[@]})); then
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [[ $(cargo deb --version 2>/dev/null || true) != *3.8.0* ]]; then
  cargo install cargo-deb --locked --version 3.8.0 --quiet
fi

step "build the .deb"
rm -rf target/debian
cargo deb --locked
deb=$(ls target/debian/clientele_*.deb)
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'

step "package fields"
control=$(dpkg-deb --field "$deb" Depends Recommends)
for lib in libxkbcommon0 libx11-6 libwayland-client0 libvulkan1; do
  grep -q "$lib" <<<"$control" || fail "Depends does not name $lib"
done
grep -q 'zenity' <<<"$control" || fail "Recommends does not name a file-chooser backend"
contents=$(dpkg-deb --contents "$deb")
for path in usr/bin/clientele usr/share/applications/org.clientele.Clientele.desktop \
    usr/share/metainfo/org.clientele.Clientele.metainfo.xml usr/share/doc/clientele/fonts-OFL.txt \
    usr/share/icons/hicolor/scalable/apps/org.clientele.Clientele.svg \
    usr/share/icons/hicolor/16x16/apps/org.clientele.Clientele.png \
    usr/share/icons/hicolor/48x48/apps/org.clientele.Clientele.png \
    usr/share/icons/hicolor/256x256/apps/org.clientele.Clientele.png; do
  grep -q "\./$path\$" <<<"$contents" || fail "the package lacks /$path"
done

step "install"
if dpkg -s clientele >/dev/null 2>&1; then
  $sudo apt-get purge -y -qq clientele >/dev/null
fi
# Recommends are named above but not installed here: the CJK fonts alone are a large download.
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$deb" >/dev/null
mapfile -t files < <(dpkg -L clientele | while read -r f; do [[ -f $f ]] && echo "$f"; done)
echo "installed ${#files[@]} files"
[[ $(command -v clientele) == /usr/bin/clientele ]] || fail "clientele is not on PATH from the package"

step "desktop file and metainfo"
desktop-file-validate /usr/share/applications/org.clientele.Clientele.desktop
appstreamcli validate --no-net /usr/share/metainfo/org.clientele.Clientele.metainfo.xml

step "start the installed program"
home=$(mktemp -d)
runtime=$(mktemp -d)
chmod 700 "$runtime"
export HOME=$home XDG_RUNTIME_DIR=$runtime
unset XDG_DATA_HOME CLIENTELE_DB
book=$home/.local/share/clientele/clientele.db

cat >"$home/session.sh" <<'SESSION'
#!/usr/bin/env bash
# Inside a private D-Bus session: an X display, a notification daemon, the window, the checks.
set -euo pipefail
book=$1
fail() { printf 'check-deb: FAILED: %s\n' "$*" >&2; exit 1; }
# Xvfb picks a free display itself and writes its number once it accepts connections.
number=$(mktemp)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$number" >"$HOME/xvfb.log" 2>&1 &
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for _ in $(seq 150); do [[ -s $number ]] && break; sleep 0.2; done
[[ -s $number ]] || { cat "$HOME/xvfb.log"; fail "Xvfb did not start within 30 s"; }
export DISPLAY=:$(tr -d '[:space:]' <"$number")
xdpyinfo >/dev/null 2>&1 || { cat "$HOME/xvfb.log"; fail "Xvfb on $DISPLAY does not answer"; }
dunst >/dev/null 2>&1 &
pids+=($!)
monitor=$(mktemp)
dbus-monitor "interface='org.freedesktop.Notifications',member='Notify'" >"$monitor" 2>/dev/null &
pids+=($!)

# No GPU on CI machines: the window draws with the software renderer.
ICED_BACKEND=tiny-skia clientele >"$HOME/window.log" 2>&1 &
window_pid=$!
pids+=("$window_pid")
win=""
for _ in $(seq 120); do
  win=$(xdotool search --onlyvisible --name '^Clientele( |$)' 2>/dev/null | head -1 || true)
  [[ -n $win ]] && break
  kill -0 "$window_pid" 2>/dev/null || { cat "$HOME/window.log"; fail "clientele exited before showing a window"; }
  sleep 0.5
done
[[ -n $win ]] || { cat "$HOME/window.log"; fail "no window titled Clientele within 60 s"; }
# Whole outputs into variables before grep -q: under pipefail, a grep that stops at its first
# match would fail the pipeline with the writer's SIGPIPE.
properties=$(xprop -id "$win" WM_NAME WM_CLASS)
icon=$(xprop -id "$win" _NET_WM_ICON)
echo "window $win: $(tr '\n' ' ' <<<"$properties")"
grep -q '"org.clientele.Clientele"' <<<"$properties" || fail "the window's class is not the app id"
grep -q 'Icon (64 x 64)' <<<"$icon" || fail "the window carries no 64x64 icon"
[[ -f $book ]] || fail "the window did not make its book at $book"

# A second start from the app grid: it must hand over to this window, not open another.
clientele >"$HOME/second.log" 2>&1 || { cat "$HOME/second.log"; fail "the second start failed"; }
grep -q "already open" "$HOME/second.log" || { cat "$HOME/second.log"; fail "the second start did not hand over"; }
sleep 1
windows=$(xdotool search --onlyvisible --name '^Clientele( |$)' | wc -l)
[[ $windows -eq 1 ]] || fail "$windows windows titled Clientele after a second start"
kill -0 "$window_pid" || fail "the first window closed on the second start"

# The command line from the installed binary, on the same default book.
clientele customers add --name "Deb Check Ltd" >/dev/null
listed=$(clientele customers list)
grep -q "Deb Check Ltd" <<<"$listed" || fail "the CLI did not list what it added"
rule=$(clientele alerts add --name "Deb check" --measure receivable --op ge --threshold 0 \
  --schedule "daily@09:00" --recipient "|Owner" --notify-when-empty --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
clientele alerts run --rule "$rule" >/dev/null
sleep 1
grep -q 'string "Clientele"' "$monitor" || { cat "$monitor"; fail "no notification from Clientele"; }
grep -q 'string "org.clientele.Clientele"' "$monitor" || { cat "$monitor"; fail "the notification names no desktop entry"; }
echo "notification: app Clientele, desktop-entry and icon org.clientele.Clientele"
# The report of that run, asked for as a notification's "Open report" asks: handed to the window.
clientele --open-run 1 >"$HOME/open.log" 2>&1 || { cat "$HOME/open.log"; fail "--open-run failed"; }
grep -q "already open" "$HOME/open.log" || { cat "$HOME/open.log"; fail "--open-run did not go to the open window"; }
kill "$window_pid"
wait "$window_pid" 2>/dev/null || true
SESSION
chmod +x "$home/session.sh"
dbus-run-session -- "$home/session.sh" "$book"

step "remove the package"
if $keep; then
  echo "kept installed (--keep)"
  exit 0
fi
$sudo apt-get purge -y -qq clientele >/dev/null
left=()
for f in "${files[@]}"; do [[ -e $f ]] && left+=("$f"); done
((${#left[@]} == 0)) || fail "files left after removal: ${left[*]}"
! command -v clientele >/dev/null || fail "clientele is still on PATH"
[[ $(head -c 15 "$book") == "SQLite format 3" ]] || fail "the book is gone after removal: $book"
echo "book kept: $book ($(stat -c %s "$book") bytes)"
rm -rf "$home" "$runtime"
step "the .deb passed"
