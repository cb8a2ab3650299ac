#!/usr/bin/env bash
# Installs DuckDB's Node.js client (prebuilt DuckDB inside the npm package
# @duckdb/node-bindings-linux-x64) into ~/.cache/tearline/duckdb (or $TEARLINE_DUCKDB_DIR) when it is missing, so
# the tests can read batch outputs with a reader the project did not write.
#   scripts/duckdb-reader.sh          - install if missing; print the folder
# Exit 1 (with the reason on stderr) when it cannot be installed.
set -euo pipefail
dir="${TEARLINE_DUCKDB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tearline/duckdb}"
version="1.5.6-r.1"
# A complete install leaves this marker last, so an interrupted or concurrent
# install is never taken for a finished one.
marker="$dir/.installed-$version"
if [ -f "$marker" ]; then
  echo "$dir"; exit 0
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "duckdb-reader: node and npm are needed (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
parent=$(dirname "$dir")
mkdir -p "$parent"
tmp=$(mktemp -d "$parent/.duckdb-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "duckdb-reader: installing @duckdb/node-api@$version into $dir" >&2
if ! (cd "$tmp" && npm install --silent --no-audit --no-fund --no-save "@duckdb/node-api@$version" >&2); then
  echo "duckdb-reader: npm could not install @duckdb/node-api@$version" >&2
  exit 1
fi
touch "$tmp/.installed-$version"
# Move the finished install into place; a concurrent install that finished
# first wins and this one is discarded.
if [ ! -f "$marker" ]; then
  rm -rf "$dir.old"
  [ -e "$dir" ] && mv "$dir" "$dir.old"
  mv "$tmp" "$dir" || true
  rm -rf "$dir.old"
fi
echo "$dir"
