#!/bin/sh
# postgres.sh starts a throwaway PostgreSQL server on 127.0.0.1 for the
# store contract tests, and prints the line that points the tests at it:
#
#	eval "$(.ci/postgres.sh)"
#	go test ./internal/store/...
#
# It is idempotent: it installs PostgreSQL (Debian package) only when
# missing, reuses a running server, and creates the database only once.
# It runs as root (CI) or as any user that can run initdb; as root the
# server runs as the postgres user. Diagnostics go to stderr so that stdout
# is only the export line.
#
# Environment (all optional):
#	SITREP_PG_DIR   data directory           (default /tmp/sitrep-pg)
#	SITREP_PG_PORT  TCP port on 127.0.0.1    (default 5433)
#	SITREP_PG_DB    database name            (default sitrep_test)
set -eu

dir=${SITREP_PG_DIR:-/tmp/sitrep-pg}
port=${SITREP_PG_PORT:-5433}
db=${SITREP_PG_DB:-sitrep_test}

log() { echo "postgres.sh: $*" >&2; }

bindir=
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/initdb" ] && bindir=$d
done
if [ -z "$bindir" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		log "PostgreSQL is not installed and we are not root; install the postgresql package"
		exit 1
	fi
	log "installing postgresql"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq postgresql >&2
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && bindir=$d
	done
fi
[ -n "$bindir" ] || { log "no initdb found after install"; exit 1; }

# as runs a command as the server's owner.
if [ "$(id -u)" -eq 0 ]; then
	owner=postgres
	as() { runuser -u "$owner" -- "$@"; }
else
	owner=$(id -un)
	as() { "$@"; }
fi

if [ ! -s "$dir/PG_VERSION" ]; then
	log "initdb $dir"
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown "$owner" "$dir"
	chmod 700 "$dir"
	as "$bindir/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
fi

if ! as "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
	log "starting server on 127.0.0.1:$port"
	as "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >&2
fi

psql="$bindir/psql -h 127.0.0.1 -p $port -U postgres -v ON_ERROR_STOP=1 -qtA"
if [ "$($psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
	log "creating database $db"
	$psql -d postgres -c "CREATE DATABASE $db" >&2
fi

echo "export SITREP_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/$db?sslmode=disable"
