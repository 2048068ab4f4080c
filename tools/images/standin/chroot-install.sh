#!/bin/bash
# usage: chroot-install.sh ROOTFS pkg...
set -e
R=$1; shift
cp /etc/resolv.conf "$R/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"; chmod +x "$R/usr/sbin/policy-rc.d"
mount -t proc proc "$R/proc"; mount --bind /dev "$R/dev"
trap 'umount "$R/proc" "$R/dev" || true' EXIT
if printf '%s\n' "$@" | grep -q '^postgresql'; then
  mkdir -p "$R/etc/postgresql-common/createcluster.d"
  echo 'create_main_cluster = false' > "$R/etc/postgresql-common/createcluster.d/no-main.conf"
fi
chroot "$R" env DEBIAN_FRONTEND=noninteractive apt-get update -q
chroot "$R" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
chroot "$R" apt-get clean
rm -rf "$R/var/lib/apt/lists/"* "$R/usr/sbin/policy-rc.d"
