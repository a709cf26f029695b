#!/usr/bin/env bash
# Compose v2 (and buildx, for BuildKit builds) as GitHub's runners have it, from Debian's trixie
# packages, into a private folder: COMPOSE_V2_DIR/cli-plugins (default /opt/compose-v2).
#
# Private on purpose: a plugin in a system folder (/usr/libexec/docker/cli-plugins, …) cannot be
# hidden from the docker CLI, and the suites that run on compose v1 must hide it. The tests give
# the action DOCKER_CONFIG=<a folder whose cli-plugins links here> to run on v2, and one without
# the plugin to run on v1. Only the two plugin binaries are taken: no trixie package is installed.
set -euo pipefail

dir=${COMPOSE_V2_DIR:-/opt/compose-v2}
plugins=$dir/cli-plugins
if [ -x "$plugins/docker-compose" ] && [ -x "$plugins/docker-buildx" ]; then
  echo "compose v2 already in $plugins: $("$plugins/docker-compose" version --short 2>/dev/null || echo '?')"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$uri" ] || uri=$(awk '/^deb / { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
if [ -z "$uri" ]; then
  echo "No Debian archive URI in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list" >&2
  exit 1
fi
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri trixie main" >"$work/sources.list"
apt_opts=(
  -o "Dir::Etc::sourcelist=$work/sources.list"
  -o Dir::Etc::sourceparts=/nonexistent
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache=$work/cache"
  -o APT::Sandbox::User=root
)
apt-get "${apt_opts[@]}" update -qq
(cd "$work/debs" && apt-get "${apt_opts[@]}" download docker-compose docker-buildx >/dev/null)
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
mkdir -p "$plugins"
cp "$work/root/usr/libexec/docker/cli-plugins/docker-compose" "$work/root/usr/libexec/docker/cli-plugins/docker-buildx" "$plugins/"
chmod 755 "$plugins"/*
echo "compose v2 installed in $plugins: $("$plugins/docker-compose" version --short), buildx $("$plugins/docker-buildx" version | awk '{ print $2 }')"
