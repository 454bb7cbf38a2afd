# Sourced by ./lab and .ci/run: Testcontainers pulls its helper images (Ryuk, alpine) first, and
# with no registry each pull hangs for minutes. Where they are neither present nor pullable, run
# without them (the lab removes its own containers). Where a registry answers, Ryuk stays on: it is
# what removes containers after a crash.
if [ -z "${TESTCONTAINERS_RYUK_DISABLED:-}" ] && docker info >/dev/null 2>&1 \
   && ! docker image inspect testcontainers/ryuk:0.14.0 >/dev/null 2>&1 \
   && ! timeout 20 docker pull -q testcontainers/ryuk:0.14.0 >/dev/null 2>&1; then
  echo "[lab] no registry reachable: Testcontainers runs without Ryuk (the lab removes its containers itself)"
  export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost TESTCONTAINERS_CHECKS_DISABLE=true
fi
