# Sourced by debian-build.sh and debian-boot.sh (bash). DebianSystem runs them as root in the system's own network
# namespace and fresh mount, PID, UTS and IPC namespaces (nsenter --net, then unshare), so every mount made here is
# private and ends with the namespaces. Expects $image (an ext4 image file), $root (an empty directory) and
# $CAPS_DROPPED (setpriv's --bounding-set list, from DebianSystem).
set -euo pipefail

readonly GUEST_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

say() { echo "debian-system: $*"; }

# Loop-mounts the image on $root. The loop device is released with the mount, so with the namespaces.
attach_image() {
  local device
  device=$(losetup --find --show "$image")
  mount -o discard "$device" "$root"
  losetup -d "$device"
}

# The kernel interfaces a system needs, as fresh instances under $root; the /proc parts that act on the whole machine
# are read-only (the per-namespace /proc/sys/net stays writable: ufw sets its sysctls there).
mount_api_filesystems() {
  mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
  local p
  for p in bus fs irq sys sysrq-trigger; do
    if [ -e "$root/proc/$p" ]; then
      mount --bind "$root/proc/$p" "$root/proc/$p"
      mount -o remount,bind,ro "$root/proc/$p"
    fi
  done
  mount --bind "$root/proc/sys/net" "$root/proc/sys/net"
  mount -o remount,bind,rw "$root/proc/sys/net"
  mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
  mount -t tmpfs -o nosuid,noexec,mode=0755,size=8m dev "$root/dev"
  mknod -m 666 "$root/dev/null" c 1 3
  mknod -m 666 "$root/dev/zero" c 1 5
  mknod -m 666 "$root/dev/full" c 1 7
  mknod -m 666 "$root/dev/random" c 1 8
  mknod -m 666 "$root/dev/urandom" c 1 9
  mknod -m 666 "$root/dev/tty" c 5 0
  ln -s /proc/self/fd "$root/dev/fd"
  ln -s /proc/self/fd/0 "$root/dev/stdin"
  ln -s /proc/self/fd/1 "$root/dev/stdout"
  ln -s /proc/self/fd/2 "$root/dev/stderr"
  mkdir -m 0755 "$root/dev/pts"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5,nosuid,noexec devpts "$root/dev/pts"
  ln -s pts/ptmx "$root/dev/ptmx"
  mkdir -m 1777 "$root/dev/shm"
  mount -t tmpfs -o nosuid,nodev,mode=1777,size=64m shm "$root/dev/shm"
  mount -t tmpfs -o nosuid,nodev,mode=0755,size=64m run "$root/run"
  mkdir -m 1777 "$root/run/lock"
}

# Makes $root the root directory of this mount namespace and detaches the host's: nothing of it stays reachable.
enter_root() {
  mkdir "$root/run/.host-root"
  cd "$root"
  pivot_root . run/.host-root
  cd /
  export PATH=$GUEST_PATH
  umount -l /run/.host-root
  rmdir /run/.host-root
}

# Replaces this shell with a script run by the system's /bin/sh, in a clean environment, without the capabilities
# whose effects reach past the namespaces. Extra arguments become $1...
run_confined() {
  local script=$1
  shift
  exec /usr/bin/env -i PATH="$GUEST_PATH" LANG=C.UTF-8 HOME=/root \
    /usr/bin/setpriv --bounding-set "$CAPS_DROPPED" -- /bin/sh -c "$script" debian-system "$@"
}
