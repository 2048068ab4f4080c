#!/bin/bash
# Rebuilds the local stand-in images for the infrastructure images that docker-compose.yml names
# but that cannot be pulled here (no container registry reachable):
#   docker.io/library/redis:7.4-alpine   <- Debian bookworm redis-server 7.0 (localhost/standin-redis:7)
#   docker.io/library/postgres:17-alpine <- Debian bookworm PostgreSQL 15 (localhost/standin-postgres:15)
#   docker.io/apache/kafka:4.1.0         <- Kafka 4.1.0 jars from Maven Central on localhost/sightline-base:17-jre
# For checking docker-compose.yml on a machine without registry access only; not for production.
# Needs root, podman (or Docker: ENGINE=docker), mvn, a Debian mirror, the base image and its root file system
# from `tools/images/base-image.sh OUT.tar ROOTFS` (BASE_ROOTFS, default /opt/base-rootfs). With Docker the images
# also serve the integration tests' Testcontainers path (docs/platform.md).
# Usage: build.sh [redis|postgres|kafka ...]   (default: all); then, as there is no systemd to run health checks,
#   ./podman-healthcheck-loop.sh &  and  SIGHTLINE_API_KEY=k podman-compose up -d gateway
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BASE_ROOTFS=${BASE_ROOTFS:-/opt/base-rootfs}
ENGINE=${ENGINE:-podman}
case $ENGINE in podman | docker) ;; *) echo "ENGINE must be podman or docker, not $ENGINE" >&2; exit 2 ;; esac
[ -x "$BASE_ROOTFS/usr/bin/java" ] || { echo "no base root file system at $BASE_ROOTFS (see tools/images/base-image.sh)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(redis postgres kafka)

import_rootfs() { # ROOTFS TAG --change ...
  local r=$1 tag=$2; shift 2
  local ch=(); for c in "$@"; do
    # docker import takes no STOPSIGNAL; `docker stop`'s SIGTERM is PostgreSQL's "smart" shutdown instead of "fast"
    [ "$ENGINE" = docker ] && [[ $c == STOPSIGNAL* ]] && continue
    ch+=(--change "$c")
  done
  (cd "$r" && tar --numeric-owner -c .) | $ENGINE import "${ch[@]}" - "$tag"
}

for t in "${targets[@]}"; do case $t in
redis)
  R=$WORK/rootfs-redis; rm -rf "$R"; cp -a "$BASE_ROOTFS" "$R"
  "$HERE/chroot-install.sh" "$R" redis-server redis-tools
  mkdir -p "$R/data"; install -m755 "$HERE/redis/docker-entrypoint.sh" "$R/usr/local/bin/docker-entrypoint.sh"
  import_rootfs "$R" localhost/standin-redis:7 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' 'CMD ["redis-server"]' \
    'WORKDIR /data' 'EXPOSE 6379' 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  $ENGINE tag localhost/standin-redis:7 docker.io/library/redis:7.4-alpine ;;
postgres)
  R=$WORK/rootfs-postgres; rm -rf "$R"; cp -a "$BASE_ROOTFS" "$R"
  "$HERE/chroot-install.sh" "$R" postgresql postgresql-client gosu
  install -m755 "$HERE/postgres/docker-entrypoint.sh" "$R/usr/local/bin/docker-entrypoint.sh"
  import_rootfs "$R" localhost/standin-postgres:15 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' 'CMD ["postgres"]' \
    'EXPOSE 5432' 'STOPSIGNAL SIGINT' 'ENV PGDATA=/var/lib/postgresql/data' 'ENV LANG=C.UTF-8' \
    'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  $ENGINE tag localhost/standin-postgres:15 docker.io/library/postgres:17-alpine ;;
kafka)
  if [ ! -f "$HERE/kafka-libs/kafka_2.13-4.1.0.jar" ]; then
    (cd "$HERE/kafka-jars" && mvn -B -q dependency:copy-dependencies -DoutputDirectory="$HERE/kafka-libs" -DincludeScope=runtime)
  fi
  if [ "$ENGINE" = docker ]; then # the Containerfile starts FROM the base image; docker needs it under that name
    docker image inspect localhost/sightline-base:17-jre >/dev/null 2>&1 || import_rootfs "$BASE_ROOTFS" localhost/sightline-base:17-jre
  fi
  $ENGINE build -f "$HERE/Containerfile.kafka" -t localhost/standin-kafka:4.1.0 "$HERE"
  $ENGINE tag localhost/standin-kafka:4.1.0 docker.io/apache/kafka:4.1.0 ;;
*) echo "unknown target $t" >&2; exit 2 ;;
esac; done
for i in docker.io/library/redis:7.4-alpine docker.io/library/postgres:17-alpine docker.io/apache/kafka:4.1.0; do
  $ENGINE image inspect "$i" >/dev/null 2>&1 && echo "ok: $i" || echo "MISSING: $i"
done
