#!/usr/bin/env bash
# Makes the one base image every lab image is built FROM: debian:bookworm-slim.
#
# Where a registry is reachable this does nothing but make sure the image is there (docker pulls it).
# Where none is (air-gapped machines, this project's CI), it builds an equivalent image from Debian's
# own packages with debootstrap and imports it under the same name, so the Dockerfiles need no change.
# Idempotent: an image already present is left alone. Needs root and debootstrap only in the last case.
set -euo pipefail

image="${LAB_BASE_IMAGE:-debian:bookworm-slim}"
say() { printf '[base-image] %s\n' "$*"; }
# Every Dockerfile says FROM debian:bookworm-slim: another name here would be made and never used.
if [ "$image" != "debian:bookworm-slim" ]; then
  say "LAB_BASE_IMAGE=$image: the lab's Dockerfiles are built FROM debian:bookworm-slim only; unset it" >&2
  exit 1
fi

if ! docker info >/dev/null 2>&1; then
  say "Docker does not answer (is the daemon running? can this user reach /var/run/docker.sock?)" >&2
  exit 1
fi

if docker image inspect "$image" >/dev/null 2>&1; then
  say "$image is present; nothing to do"
  exit 0
fi

# A pull against an unreachable registry can hang for minutes; bound it.
pull_timeout=${LAB_PULL_TIMEOUT:-30}
# What timeout(1) takes (90, 90s, 1.5m, 2h), above zero (0 would wait for ever).
if ! [[ "$pull_timeout" =~ ^[0-9]+(\.[0-9]+)?[smhd]?$ ]] || [[ "$pull_timeout" =~ ^0+(\.0+)?[smhd]?$ ]]; then
  say "LAB_PULL_TIMEOUT=$pull_timeout: a duration above 0 as timeout(1) takes it, e.g. 60 or 2m" >&2
  exit 1
fi
say "trying to pull $image (up to ${pull_timeout}s)"
if timeout "$pull_timeout" docker pull -q "$image" >/dev/null 2>&1; then
  say "pulled $image"
  exit 0
fi

say "$image cannot be pulled here; building it with debootstrap (about a minute)"
if ! command -v debootstrap >/dev/null 2>&1; then
  say "debootstrap is not installed: apt-get install debootstrap (as root), then run this again" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  say "debootstrap needs root: run this script with sudo" >&2
  exit 1
fi

root="$(mktemp -d /tmp/lab-bookworm.XXXXXX)"
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" "${LAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$root.log" 2>&1 \
  || { say "debootstrap failed; its log: $root.log" >&2; tail -20 "$root.log" >&2; exit 1; }
# Slim it the way the official -slim images are: no apt lists, no docs, no man pages.
rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/var/cache/apt/*.bin
tar -C "$root" -c . | docker import -c 'CMD ["bash"]' - "$image" >/dev/null
rm -f "$root.log"
say "built $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
