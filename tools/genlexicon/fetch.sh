#!/bin/sh
# Downloads the pinned source packages (npm, and Debian's wamerican-huge
# word list when it is not installed) and regenerates the word lists of the
# entity tagger's lexicon in cmd/sitrep-train/lexdata. Run from the
# repository root:
#   sh tools/genlexicon/fetch.sh
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for spec in humannames@1.0.5 @cspell/dict-people-names@1.1.16; do
	name=${spec%@*}
	(cd "$dir" && npm pack --silent "$spec" >/dev/null)
	mkdir -p "$dir/$name"
	tar -xzf "$dir/$(echo "$name" | tr -d '@' | tr / -)-${spec##*@}.tgz" -C "$dir/$name"
done
words=/usr/share/dict/american-english-huge
if [ ! -f "$words" ]; then
	apt-get install -y wamerican-huge >/dev/null
fi
go run ./tools/genlexicon -src "$dir" -words "$words" -out cmd/sitrep-train/lexdata "$@"
