#!/bin/sh
# CMD of the cos-test/postgres image: a first start as the official postgres image makes it (initdb
# a fresh $PGDATA, then the server in the foreground), without its temporary server. So nothing
# listens on TCP before the real server, after initdb: until then a connection to a published port
# fails, which is what readiness rules must wait out. The server logs to stderr (docker logs).
#
# POSTGRES_PASSWORD: the superuser's password, asked of host connections (scram-sha-256); without
# it host connections are trusted. POSTGRES_USER (default postgres) names the superuser,
# POSTGRES_DB (default POSTGRES_USER) the database created for it. Scripts in
# /docker-entrypoint-initdb.d/*.sh run after initdb, with no server running.
set -eu

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

if [ "$(id -u)" = 0 ]; then
	# A volume mounted on $PGDATA may belong to root: give it to the server, then run as it.
	mkdir -p "$PGDATA" /run/postgresql
	chown postgres:postgres "$PGDATA" /run/postgresql
	chmod 700 "$PGDATA"
	exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
	user=${POSTGRES_USER:-postgres}
	db=${POSTGRES_DB:-$user}
	if [ -n "${POSTGRES_PASSWORD:-}" ]; then
		auth=scram-sha-256
		pwfile=$(mktemp)
		printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
		initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host="$auth" \
			--encoding=UTF8 --locale=C.UTF-8
		rm -f "$pwfile"
	else
		auth=trust
		initdb --username="$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8
	fi
	# initdb allows host connections from loopback only; a container is reached from outside.
	printf 'host all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"
	if [ "$db" != postgres ]; then
		# Single-user mode opens no socket at all; its session runs as the bootstrap superuser.
		quoted=$(printf '%s' "$db" | sed 's/"/""/g')
		printf 'CREATE DATABASE "%s"\n' "$quoted" | postgres --single -D "$PGDATA" postgres >/dev/null
	fi
	for f in /docker-entrypoint-initdb.d/*.sh; do
		if [ -e "$f" ]; then
			echo "docker-entrypoint: running $f" >&2
			sh "$f"
		fi
	done
fi

exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
