# Marketplace image cleanup: the steps of 90-cleanup.sh, run before the probe in the same session.
# Runs with errexit like the upstream script; prints one progress line per step.
# On a droplet every path is the system's own. Under PROBE_ROOT (a prepared root the probe also reads, as in the
# sandbox) every path is taken inside that root, and the steps that act on the running system rather than on files
# (the package upgrade, the zero-fill of the free space) are skipped: they would act on the machine the script runs
# on, not on the prepared root.
set -e
R="${PROBE_ROOT:-}"
R="${R%/}"
echo "MP-CLEANUP step tmp"
[ -d "$R/tmp" ] || mkdir "$R/tmp"
chmod 1777 "$R/tmp"
if [ -n "$R" ]; then
  echo "MP-CLEANUP step packages skipped: $R is a prepared root, not a running system"
elif command -v yum >/dev/null 2>&1 || command -v dnf >/dev/null 2>&1; then
  mp_y=yum; command -v yum >/dev/null 2>&1 || mp_y=dnf
  echo "MP-CLEANUP step packages $mp_y"
  $mp_y update -y
  $mp_y clean all
elif command -v apt-get >/dev/null 2>&1; then
  echo "MP-CLEANUP step packages apt"
  DEBIAN_FRONTEND=noninteractive
  export DEBIAN_FRONTEND
  apt-get -y update
  apt-get -o Dpkg::Options::="--force-confold" upgrade -q -y
  apt-get -y autoremove
  apt-get -y autoclean
fi
echo "MP-CLEANUP step temp-files"
rm -rf "$R"/tmp/* "$R"/var/tmp/*
echo "MP-CLEANUP step root-history"
[ -d "$R/root" ] && cat /dev/null > "$R/root/.bash_history"
unset HISTFILE
echo "MP-CLEANUP step logs"
[ -d "$R/var/log" ] && find "$R/var/log" -mtime -1 -type f -exec truncate -s 0 {} \;
rm -rf "$R"/var/log/*.gz "$R"/var/log/*.[0-9] "$R"/var/log/*-????????
echo "MP-CLEANUP step cloud-instances"
rm -rf "$R"/var/lib/cloud/instances/*
echo "MP-CLEANUP step ssh-keys"
rm -f "$R/root/.ssh/authorized_keys" "$R"/etc/ssh/*key*
[ -d "$R/etc/ssh" ] && touch "$R/etc/ssh/revoked_keys" && chmod 600 "$R/etc/ssh/revoked_keys"
if [ -n "$R" ]; then
  echo "MP-CLEANUP step zero-free-space skipped: $R is a prepared root, not a file system of its own"
else
  echo "MP-CLEANUP step zero-free-space"
  dd if=/dev/zero of=/zerofile bs=4096 2>/dev/null || true
  rm -f /zerofile
  sync
fi
