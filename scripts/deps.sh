#!/usr/bin/env bash
# Installs the Debian packages Tearline needs when they are missing.
#   scripts/deps.sh build   - C toolchain and X11/GL headers for the desktop app
#   scripts/deps.sh xvfb    - the above plus a virtual display for GUI tests
#   scripts/deps.sh test    - the above plus pandas for the system python3
#                             (/usr/bin/python3), which the batch tests use
#                             to read the outputs as a researcher would, and
#                             Chromium (/usr/bin/chromium), which the browser
#                             station's tests drive headless
# It does nothing when everything is already there.
set -euo pipefail
want=(gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxi-dev
      libxinerama-dev libxrandr-dev libxxf86vm-dev libasound2-dev)
case "${1:-build}" in
  xvfb) want+=(xvfb xauth libgl1-mesa-dri) ;;
  test) want+=(xvfb xauth libgl1-mesa-dri python3-pandas chromium) ;;
esac
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing Debian packages: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "deps: need root (or sudo) to install: ${missing[*]}" >&2
    echo "deps: run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2; then
  echo "deps: apt-get could not install: ${missing[*]}" >&2
  echo "deps: install them by hand, or use the headless tool (make run) which needs none" >&2
  exit 1
fi
