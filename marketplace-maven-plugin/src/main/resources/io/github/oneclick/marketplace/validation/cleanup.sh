# Marketplace image cleanup: the steps of 90-cleanup.sh, run before the probe in the same session.
# Runs with errexit like the upstream script; prints one progress line per step.
set -e
echo "MP-CLEANUP step tmp"
[ -d /tmp ] || mkdir /tmp
chmod 1777 /tmp
if command -v yum >/dev/null 2>&1 || command -v dnf >/dev/null 2>&1; then
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
rm -rf /tmp/* /var/tmp/*
echo "MP-CLEANUP step root-history"
cat /dev/null > /root/.bash_history
unset HISTFILE
echo "MP-CLEANUP step logs"
find /var/log -mtime -1 -type f -exec truncate -s 0 {} \;
rm -rf /var/log/*.gz /var/log/*.[0-9] /var/log/*-????????
echo "MP-CLEANUP step cloud-instances"
rm -rf /var/lib/cloud/instances/*
echo "MP-CLEANUP step ssh-keys"
rm -f /root/.ssh/authorized_keys /etc/ssh/*key*
touch /etc/ssh/revoked_keys
chmod 600 /etc/ssh/revoked_keys
echo "MP-CLEANUP step zero-free-space"
dd if=/dev/zero of=/zerofile bs=4096 2>/dev/null || true
rm -f /zerofile
sync
