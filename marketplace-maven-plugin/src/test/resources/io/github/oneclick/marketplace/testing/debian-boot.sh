#!/bin/bash
# Boots one disposable system of DebianSystem (see debian-namespace.sh for how it runs):
#
#   debian-boot.sh IMAGE ROOT PROXY AUTHORIZED_KEYS
#
# IMAGE is a fresh copy of the cached image. Installs AUTHORIZED_KEYS as root's (as DigitalOcean does for the keys
# a droplet is created with), points apt at the mirror PROXY, generates the host keys and runs OpenSSH sshd in the
# foreground as PID 1 of the namespaces.
image=$1
root=$2
proxy=$3
authorized_keys=$4
. "$(dirname "$0")/debian-namespace.sh"

attach_image
install -d -m 0700 "$root/root/.ssh"
install -m 0600 "$authorized_keys" "$root/root/.ssh/authorized_keys"
printf 'Acquire::http::Proxy "%s";\n' "$proxy" > "$root/etc/apt/apt.conf.d/00proxy"
hostname "$(cat "$root/etc/hostname")"
mount_api_filesystems
enter_root
run_confined '
  set -e
  ssh-keygen -A >/dev/null
  mkdir -m 0755 /run/sshd
  exec /usr/sbin/sshd -D -e
'
