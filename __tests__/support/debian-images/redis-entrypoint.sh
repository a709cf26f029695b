#!/bin/sh
# CMD of the cos-test/redis image: redis-server in the foreground as user redis, reachable from
# outside the container (protected mode off, all IPv4 addresses), logging to stdout (docker logs).
set -eu

if [ "$(id -u)" = 0 ]; then
	mkdir -p /var/lib/redis
	chown redis:redis /var/lib/redis
	exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

exec redis-server --protected-mode no --bind 0.0.0.0 --dir /var/lib/redis "$@"
