#!/usr/bin/env bash
# Makes this machine ready for the lab: what `./lab setup` runs, and what `./lab up` and `./lab test`
# run on their own when something is missing. Idempotent: what is there already is left alone.
#
#  1. A Docker engine that answers. Where none does: installed (Debian's docker.io) and started when
#     this runs as root on a machine with apt-get; anywhere else, the exact commands to run are printed.
#  2. docker-compose (the plan's manual workflow, and the test that keeps it working).
#  3. The base image every lab image is built FROM (docker/make-base-image.sh: pulled where a registry
#     answers, built with debootstrap where none does).
#
# Exit 0 when the machine is ready; non-zero with one message that says what to do otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }
can_apt() { is_root && command -v apt-get >/dev/null 2>&1; }

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    say "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
  say "installing $* (Debian packages)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- 1. Docker engine -----------------------------------------------------------------------------
if docker info >/dev/null 2>&1; then
  say "Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null) answers"
else
  if ! command -v dockerd >/dev/null 2>&1; then
    can_apt || fail "No Docker engine here. Install one (Debian/Ubuntu: sudo apt-get install docker.io; elsewhere Docker Desktop or your distribution's docker package), start it, and make sure \`docker info\` works for this user. Then run ./lab setup again."
    apt_install docker.io
  fi
  if ! docker info >/dev/null 2>&1; then
    if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1 && is_root; then
      say "starting the docker service (systemctl)"
      systemctl start docker || true
    fi
  fi
  if ! docker info >/dev/null 2>&1; then
    is_root || fail "Docker is installed but does not answer for this user. Start it (sudo systemctl start docker, or sudo dockerd &) and make sure this user may use it (sudo usermod -aG docker \$USER, then log in again). Then run ./lab setup again."
    log=/tmp/lab-dockerd.log
    say "starting dockerd in the background (log: $log)"
    # Closing every inherited descriptor above 2 first: under `flock LOCK ./lab setup` the lock is
    # fd 3, and a daemon that inherits it holds the lock for as long as it runs (seen here: every
    # later `flock LOCK ...` waited forever).
    ( for fd in $(ls /proc/$BASHPID/fd 2>/dev/null); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
      nohup dockerd >"$log" 2>&1 </dev/null & )
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || { tail -20 "$log" >&2; fail "dockerd did not come up within 60 s (log above: $log)"; }
  fi
  say "Docker $(docker version --format '{{.Server.Version}}') answers"
fi

# --- 2. docker-compose ----------------------------------------------------------------------------
if command -v docker-compose >/dev/null 2>&1; then
  say "docker-compose is there"
elif can_apt; then
  apt_install docker-compose
else
  say "docker-compose is missing: the compose workflow (README) and its test need it; install docker-compose to use them"
fi

# --- 3. The base image ----------------------------------------------------------------------------
if ! docker image inspect debian:bookworm-slim >/dev/null 2>&1 \
   && ! command -v debootstrap >/dev/null 2>&1 && can_apt; then
  # Only needed where the image cannot be pulled; installed up front because it is small and the
  # pull is tried (and may fail) inside make-base-image.sh.
  apt_install debootstrap
fi
bash docker/make-base-image.sh
say "the machine is ready"
