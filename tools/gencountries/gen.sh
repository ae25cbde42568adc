#!/bin/sh
# Regenerates internal/actor/data/countries.tsv from the npm package
# world-countries (mledoze/countries, ODbL-1.0). Needs npm and go.
# Usage, from the repository root: sh tools/gencountries/gen.sh [version]
set -eu
version=${1:-5.1.0}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "world-countries@$version" >/dev/null && tar xzf "world-countries-$version.tgz")
cd "$root"
go run ./tools/gencountries -in "$tmp/package/countries.json" -version "$version" -out internal/actor/data/countries.tsv
