#!/bin/bash
# Builds the cached Debian image of DebianImage (see debian-namespace.sh for how it runs):
#
#   debian-build.sh IMAGE ROOT PROXY SIZE SUITE MIRROR SECURITY_MIRROR PACKAGES
#
# Creates IMAGE (ext4, SIZE bytes, sparse), debootstraps a minimal SUITE into it through the HTTP PROXY (the only
# network the namespace has), brings it up to date from SUITE, SUITE-updates and SUITE-security, installs PACKAGES
# (comma-separated) with apt, and leaves no host keys, machine id, history or log content behind.
image=$1
root=$2
proxy=$3
size=$4
suite=$5
mirror=$6
security=$7
packages=$8
. "$(dirname "$0")/debian-namespace.sh"

truncate -s "$size" "$image"
mkfs.ext4 -q -F -L debian "$image"
attach_image
say "debootstrap $suite (minbase) from $mirror"
http_proxy=$proxy debootstrap --foreign --variant=minbase "$suite" "$root" "$mirror"
# debootstrap links /proc to the host's when it believes it runs in a container; a system gets its own.
if [ -L "$root/proc" ]; then
  rm "$root/proc"
  mkdir -m 0555 "$root/proc"
fi
mount_api_filesystems
enter_root
run_confined '
  set -e
  suite=$1 mirror=$2 security=$3 proxy=$4 packages=$5
  echo "debian-system: installing the base system (debootstrap second stage)"
  # container=lxc: the system is a container whose /dev is prepared; debootstrap creates no device nodes.
  container=lxc /debootstrap/debootstrap --second-stage
  echo debian > /etc/hostname
  printf "127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n::1\tlocalhost ip6-localhost ip6-loopback\n" > /etc/hosts
  printf "deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n" \
    "$mirror" "$suite" "$mirror" "$suite" "$security" "$suite" > /etc/apt/sources.list
  printf "Acquire::http::Proxy \"%s\";\n" "$proxy" > /etc/apt/apt.conf.d/00proxy
  export DEBIAN_FRONTEND=noninteractive
  echo "debian-system: apt-get upgrade from $suite, $suite-updates and $suite-security"
  apt-get -q -y update
  apt-get -q -y -o Dpkg::Options::=--force-confold upgrade
  echo "debian-system: apt-get install $packages"
  apt-get -q -y --no-install-recommends install $(echo "$packages" | tr , " ")
  apt-get -q -y clean
  # No init system runs: package upgrades must not start or restart daemons (as in container images).
  printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  rm -f /etc/ssh/ssh_host_* /etc/apt/apt.conf.d/00proxy /root/.bash_history
  : > /etc/machine-id
  find /var/log -type f -exec truncate -s 0 {} +
  echo "debian-system: built"
' "$suite" "$mirror" "$security" "$proxy" "$packages"
