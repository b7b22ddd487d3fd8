#!/usr/bin/env bash
# Everything the tests need, then the tests: on Debian, installs the apt packages they use
# (third-party CD tools that check the images, sox, a C compiler for the IMAPI simulator,
# MinGW and Wine for the Windows build), then runs `npm ci`, the simulator's call-graph check,
# `npm test` and the Windows tests.
# `npm run test:ci` and `.ci/run` both run this.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(bchunk cdrdao cdrskin cuetools ffmpeg flac gcc lame libc6-dev mpg123 opus-tools shntool sox vorbis-tools gcc-mingw-w64-x86-64 mingw-w64-tools wine wine64)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  echo "Installing ${missing[*]} (apt-get)"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

npm ci --no-audit --no-fund
# The IMAPI simulator's C files call each other in one direction, in both builds.
node scripts/c-call-graph.js
node scripts/c-call-graph.js windows
npm test
# The Windows build under Wine: Windows node, ffi-rs's win32 binary, the MinGW DLLs, real COM.
npm run test:windows
