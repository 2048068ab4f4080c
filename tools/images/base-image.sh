#!/usr/bin/env bash
# Builds the services' base image (Debian bookworm + OpenJDK 17 JRE, users 1000 and 65532) from Debian
# packages alone, for machines that reach a Debian mirror but no container registry. Writes a
# `docker save` archive that Jib reads as its base:
#   tools/images/base-image.sh /opt/images/sightline-base-17-jre.tar
#   ./mvnw -Pimages -DskipTests package -Dimage.base=tar:///opt/images/sightline-base-17-jre.tar
# Needs root, debootstrap and podman (or docker). MIRROR overrides the Debian mirror. With ROOTFS the root file
# system is built there and kept (tools/images/standin/ builds its infrastructure stand-ins from it).
set -euo pipefail
out=${1:?usage: base-image.sh OUT.tar [ROOTFS]}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
ENGINE=${ENGINE:-$(command -v podman || command -v docker)}
if [[ -n ${2:-} ]]; then
  rootfs=$2
  [[ ! -e $rootfs ]] || { echo "$rootfs exists" >&2; exit 2; }
  mkdir -p "$rootfs"
  trap 'umount "$rootfs"/proc "$rootfs"/sys "$rootfs"/dev 2>/dev/null || true' EXIT
else
  rootfs=$(mktemp -d)
  trap 'umount "$rootfs"/proc "$rootfs"/sys "$rootfs"/dev 2>/dev/null || true; rm -rf "$rootfs"' EXIT
fi

debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR"
cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$rootfs/etc/apt/apt.conf.d/99minimal"
mount -t proc proc "$rootfs/proc"
mount --bind /sys "$rootfs/sys"
mount --bind /dev "$rootfs/dev"
chroot "$rootfs" bash -euc '
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y openjdk-17-jre-headless bash ca-certificates
  apt-get clean
  groupadd -g 1000 app && useradd -u 1000 -g 1000 -m app
  groupadd -g 65532 nonroot && useradd -u 65532 -g 65532 -m nonroot
  rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* /usr/share/locale/*
  chmod 1777 /tmp /var/tmp'
umount "$rootfs/proc" "$rootfs/sys" "$rootfs/dev"

java_home=/usr/lib/jvm/java-17-openjdk-amd64
tar --numeric-owner --xattrs -C "$rootfs" -c . | "$ENGINE" import \
  --change "ENV JAVA_HOME=$java_home" \
  --change "ENV PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' - localhost/sightline-base:17-jre
mkdir -p "$(dirname "$out")"
"$ENGINE" save --format docker-archive -o "$out" localhost/sightline-base:17-jre 2>/dev/null \
  || "$ENGINE" save -o "$out" localhost/sightline-base:17-jre
echo "base image: $out (use -Dimage.base=tar://$out)"
