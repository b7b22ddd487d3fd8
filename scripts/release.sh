#!/usr/bin/env bash
# `npm run release`: builds what a release offers from a clean tree and checks it; publishes
# nothing. The committed HEAD is exported (git archive) into a temporary folder, installed there
# (npm ci) and built (npm run build:exe: the npm tarball, burn-audio.exe and SHA256SUMS); the
# exe's smoke tests run under Wine (test/windows/exe.wine-test.ts); then the three files are
# copied to release/ and checked against SHA256SUMS there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
if [ -n "$(git status --porcelain)" ]; then
  echo "release: the work tree has changes that are not committed; commit or stash them first (a release is built from HEAD)" >&2
  exit 1
fi
tree=$(mktemp -d "${TMPDIR:-/tmp}/burn-audio-release-XXXXXX")
trap 'rm -rf "$tree"' EXIT
git archive HEAD | tar -x -C "$tree"
# Reused when there: the pinned Windows binaries (checked against their integrity when they were
# fetched) and the booted Wine prefix the tests copy.
if [ -d .cache ]; then cp -a .cache "$tree/"; fi
if [ -f .wine-test/prefix-base/.burn-audio-ready ]; then
  mkdir -p "$tree/.wine-test"
  cp -a .wine-test/prefix-base "$tree/.wine-test/"
fi
cd "$tree"
npm ci --no-audit --no-fund
npm run build:exe
node --test --test-reporter=spec dist/test/windows/exe.wine-test.js
version=$(node -p "require('./package.json').version")
rm -rf "$root/release"
mkdir -p "$root/release"
cp dist/burn-audio.exe "dist/burn-audio-$version.tgz" dist/SHA256SUMS "$root/release/"
cd "$root/release"
sha256sum -c SHA256SUMS
echo "release $version of commit $(git -C "$root" rev-parse --short HEAD): release/burn-audio.exe, release/burn-audio-$version.tgz, release/SHA256SUMS (nothing published)"
