#!/usr/bin/env bash
# Docker as GitHub's runners have it today (Engine 28, compose 2.38+), from Debian's newest suite,
# into private folders; nothing is installed system-wide and no package of that suite is installed.
#
#   $NEWER_DOCKER_DIR (default /opt/docker-newer): the engine. `bin/` holds dockerd, docker-proxy,
#     containerd, containerd-shim-runc-v2 and the docker CLI; `.ci/run` puts it first on PATH and
#     starts that dockerd when no engine answers. Their `runc` needs a newer glibc than this
#     machine's, so it is not taken: the machine's own runc (bookworm's docker.io) serves.
#   $COMPOSE_V2_DIR/cli-plugins (default /opt/compose-v2): the compose and buildx plugins. Private on
#     purpose: a plugin in a system folder (/usr/libexec/docker/cli-plugins, …) cannot be hidden from
#     the docker CLI, and the suites that run on compose v1 must hide it. The tests give the action
#     DOCKER_CONFIG=<a folder whose cli-plugins links here> to run on v2, and one without it for v1.
#
# Suites are tried in order: sid, forky (both carry Engine 28.5 and compose 2.40), then trixie, which
# has compose 2.26 and no newer engine: then only the plugins are taken, the machine's engine stays,
# and a line in the log says so. A second run with the same suite's versions already in place does
# nothing. Prints `suite=<suite>` last.
set -euo pipefail

engine_dir=${NEWER_DOCKER_DIR:-/opt/docker-newer}
plugins=${COMPOSE_V2_DIR:-/opt/compose-v2}/cli-plugins

say() { printf '%s\n' "$*" >&2; }

if [ -x "$engine_dir/bin/dockerd" ] && [ -x "$plugins/docker-compose" ] && [ -x "$plugins/docker-buildx" ] &&
  [ "$(cat "$engine_dir/SUITE" 2>/dev/null)" != trixie ]; then
  say "newer Docker already in $engine_dir: engine $("$engine_dir/bin/dockerd" --version | awk '{ print $3 }' | tr -d ,), compose $("$plugins/docker-compose" version --short)"
  echo "suite=$(cat "$engine_dir/SUITE")"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$uri" ] || uri=$(awk '/^deb / { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
if [ -z "$uri" ]; then
  say "No Debian archive URI in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  exit 1
fi

# Downloads the packages of one suite into $work/<suite>/debs; fails when the suite cannot be read.
download() {
  local suite=$1
  shift
  local d=$work/$suite
  mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/debs"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main" >"$d/sources.list"
  local opts=(
    -o "Dir::Etc::sourcelist=$d/sources.list"
    -o Dir::Etc::sourceparts=/nonexistent
    -o "Dir::State::Lists=$d/lists"
    -o "Dir::Cache=$d/cache"
    -o APT::Sandbox::User=root
    -o Acquire::Retries=2
    -o Acquire::http::Timeout=30
  )
  apt-get "${opts[@]}" update -qq >"$d/apt.log" 2>&1 || return 1
  (cd "$d/debs" && apt-get "${opts[@]}" download "$@" >>"$d/apt.log" 2>&1) || return 1
}

# The engine's packages and the plugins: whole or not at all.
suite=
for s in sid forky; do
  if download "$s" docker.io docker-cli containerd docker-compose docker-buildx; then
    suite=$s
    break
  fi
  say "Debian $s could not be read ($(tail -1 "$work/$s/apt.log" 2>/dev/null || echo 'no log'))"
done
if [ -z "$suite" ]; then
  say "NOTE: no newer suite reachable: compose v2 comes from trixie (2.26) and the machine's own engine serves (not Engine 28)."
  download trixie docker-compose docker-buildx || {
    say "Debian trixie could not be read either: $(tail -3 "$work/trixie/apt.log")"
    exit 1
  }
  suite=trixie
fi

root=$work/root
for deb in "$work/$suite"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done

mkdir -p "$plugins"
cp "$root/usr/libexec/docker/cli-plugins/docker-compose" "$root/usr/libexec/docker/cli-plugins/docker-buildx" "$plugins/"
chmod 755 "$plugins"/*

rm -rf "$engine_dir"
mkdir -p "$engine_dir/bin"
if [ "$suite" != trixie ]; then
  for b in usr/sbin/dockerd usr/sbin/docker-proxy usr/bin/docker usr/bin/containerd usr/bin/containerd-shim-runc-v2 usr/bin/ctr; do
    [ -x "$root/$b" ] || {
      say "$suite's packages have no $b"
      exit 1
    }
    cp "$root/$b" "$engine_dir/bin/"
  done
fi
echo "$suite" >"$engine_dir/SUITE"

if [ "$suite" != trixie ]; then
  say "Docker from Debian $suite in $engine_dir: engine $("$engine_dir/bin/dockerd" --version | awk '{ print $3 }' | tr -d ,), containerd $("$engine_dir/bin/containerd" --version | awk '{ print $3 }'), CLI $("$engine_dir/bin/docker" version --format '{{.Client.Version}}' 2>/dev/null)"
fi
say "compose v2 in $plugins: $("$plugins/docker-compose" version --short), buildx $("$plugins/docker-buildx" version | awk '{ print $2 }')"
echo "suite=$suite"
