#!/usr/bin/env bash
# Prepare a GitHub-hosted ubuntu runner for this repository's test suites, as .ci/run does on a
# Debian machine as root: busybox (the test images), a loopback image registry, compose v2 in a
# private folder the suites select through DOCKER_CONFIG, and compose v1 on PATH.
# Used by both jobs of .github/workflows/ci.yml.
set -euo pipefail
# busybox-static: the test images are built from it. docker-registry: a real image
# registry on loopback for the image cache's tests (its own service is not needed). socat,
# openssl and openssh-server: the local engine reached as a remote one, over tcp:// with TLS and
# over ssh:// (__tests__/support/remote-engine.ts runs its own sshd on a free loopback port).
sudo apt-get update -qq
sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox-static docker-registry socat openssl openssh-server
sudo systemctl disable --now docker-registry 2>/dev/null || true

# Compose v2 and buildx, copied into a private folder that the suites select through
# DOCKER_CONFIG (see __tests__/support/compose.ts); COMPOSE_V2_DIR tells them where.
v2="$RUNNER_TEMP/compose-v2"
mkdir -p "$v2/cli-plugins"
dirs=(/usr/local/lib/docker/cli-plugins /usr/local/libexec/docker/cli-plugins /usr/lib/docker/cli-plugins /usr/libexec/docker/cli-plugins "$HOME/.docker/cli-plugins")
for plugin in docker-compose docker-buildx; do
  for d in "${dirs[@]}"; do
    if [ -x "$d/$plugin" ]; then cp "$d/$plugin" "$v2/cli-plugins/$plugin"; break; fi
  done
  if [ ! -x "$v2/cli-plugins/$plugin" ]; then
    echo "::error::The $plugin plugin is not in any of ${dirs[*]}."
    exit 1
  fi
done
echo "COMPOSE_V2_DIR=$v2" >> "$GITHUB_ENV"

# A plugin in a system folder cannot be hidden from the docker CLI, and the v1 suites must
# not see one: move the system compose plugin out of every plugin folder.
sudo mkdir -p /opt/hidden-compose-plugins
i=0
for d in "${dirs[@]}"; do
  if [ -e "$d/docker-compose" ]; then
    i=$((i + 1))
    sudo mv "$d/docker-compose" "/opt/hidden-compose-plugins/docker-compose.$i"
  fi
done

# Compose v1 (the end-of-life Python one) as a standalone docker-compose, checked
# against the release's own checksum.
base=https://github.com/docker/compose/releases/download/1.29.2
curl -fsSL --retry 3 -o "$RUNNER_TEMP/docker-compose-v1" "$base/docker-compose-Linux-x86_64"
sum=$(curl -fsSL --retry 3 "$base/docker-compose-Linux-x86_64.sha256" | awk '{ print $1 }')
echo "$sum  $RUNNER_TEMP/docker-compose-v1" | sha256sum -c -
sudo install -m 0755 "$RUNNER_TEMP/docker-compose-v1" /usr/local/bin/docker-compose

# Compose v1 speaks an old Engine API; Docker 29 refuses anything below 1.44 unless the
# daemon is told otherwise (DOCKER_MIN_API_VERSION). Lower it only when it is above 1.24.
min=$(docker version --format '{{.Server.MinAPIVersion}}')
if [ "$(printf '%s\n' "$min" 1.24 | sort -V | head -n 1)" != "$min" ]; then
  echo "The engine's minimum API version is $min: lowering it to 1.24 for compose v1."
  sudo mkdir -p /etc/systemd/system/docker.service.d
  printf '[Service]\nEnvironment=DOCKER_MIN_API_VERSION=1.24\n' | sudo tee /etc/systemd/system/docker.service.d/min-api-version.conf
  sudo systemctl daemon-reload
  sudo systemctl restart docker
  for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 1; done
fi

echo "engine:     $(docker version --format '{{.Server.Version}} (API {{.Server.MinAPIVersion}} to {{.Server.APIVersion}})')"
echo "compose v2: $(DOCKER_CONFIG="$v2" docker compose version --short)"
echo "compose v1: $(docker-compose version --short)"
if docker compose version >/dev/null 2>&1; then
  echo "::error::'docker compose' still answers without DOCKER_CONFIG: the v1 suites could not choose v1."
  exit 1
fi
