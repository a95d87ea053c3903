# Marketplace image probe, format 1. Plain POSIX sh, read-only.
#
# Prints one fact per line between a begin and an end marker:
#   MP-PROBE BEGIN 1
#   <key><TAB><field>...
#   MP-PROBE END 1 <number of fact lines>
# Never prints file contents, password hashes or key material: only their kind and size.
#
# Environment:
#   PROBE_ROOT      read every file fact under this directory (default empty = /)
#   PROBE_COMMANDS  1 (default) runs commands such as ufw, cloud-init, apt-get; 0 reports them as not collected
#   PROBE_REFRESH   1 refreshes the security suites' package indexes (apt-get update) before counting security updates
PROBE_ROOT="${PROBE_ROOT:-}"
PROBE_ROOT="${PROBE_ROOT%/}"
PROBE_COMMANDS="${PROBE_COMMANDS:-1}"
PROBE_REFRESH="${PROBE_REFRESH:-0}"
LC_ALL=C
export LC_ALL
probe_lines=0
probe_tab="$(printf '\t')"

# emit KEY FIELD... : one fact line; tabs and newlines inside fields become spaces.
emit() {
  probe_out="$1"
  shift
  for probe_f in "$@"; do
    case "$probe_f" in
      *"$probe_tab"*|*'
'*) probe_f="$(printf '%s' "$probe_f" | tr '\t\n' '  ')" ;;
    esac
    probe_out="$probe_out$probe_tab$probe_f"
  done
  printf '%s\n' "$probe_out"
  probe_lines=$((probe_lines + 1))
}

has() { command -v "$1" >/dev/null 2>&1; }
size_of() { wc -c < "$1" 2>/dev/null | tr -d ' ' || echo 0; }
r() { printf '%s%s' "$PROBE_ROOT" "$1"; }
# osr_get KEY FILE : a value of an os-release style file, unquoted; the file is parsed, never sourced.
osr_get() { sed -n "s/^$1=//p" "$2" 2>/dev/null | head -n 1 | sed -e 's/^"//' -e 's/"$//' -e "s/^'//" -e "s/'\$//"; }

# key_kind FILE : kind of key material from the first line, never the content.
# (The armour lines are matched by prefix, so this script holds no private-key header.)
key_kind() {
  probe_first="$(head -n 1 "$1" 2>/dev/null | tr -d '\r')"
  case "$probe_first" in
    "-----BEGIN OPENSSH PRIVATE K"*) echo "private-openssh" ;;
    "-----BEGIN RSA PRIVATE K"*) echo "private-rsa" ;;
    "-----BEGIN DSA PRIVATE K"*) echo "private-dsa" ;;
    "-----BEGIN EC PRIVATE K"*) echo "private-ec" ;;
    "-----BEGIN PRIVATE K"*) echo "private-pkcs8" ;;
    "-----BEGIN ENCRYPTED PRIVATE K"*) echo "private-pkcs8-encrypted" ;;
    "-----BEGIN SSH2 ENCRYPTED PRIVATE K"*) echo "private-ssh2" ;;
    "PuTTY-User-Key-File-"*) echo "private-putty" ;;
    ssh-*|ecdsa-*|sk-*) echo "public" ;;
    *) echo "other" ;;
  esac
}

echo "MP-PROBE BEGIN 1"
emit probe.root "${PROBE_ROOT:-/}"
emit probe.commands "$PROBE_COMMANDS"
if [ "$PROBE_COMMANDS" = 1 ]; then emit uid "$(id -u 2>/dev/null)"; fi

# --- the package manager, and the package index refresh started now in the background, and the facts below are
# collected meanwhile; the security update count waits for it. The count reads only which upgrade candidates come from
# a security suite, so only the security suites' indexes are refreshed (the other lists stay as they are): a full
# refresh rebuilds every index, seconds of CPU on a small droplet. Stale other lists can only make a candidate from
# the security suite win more often, never less, so the count is never lower than after a full refresh. Without a
# security suite in the sources, or when that refresh fails, the whole index is refreshed as upstream does.
probe_id="$(osr_get ID "$(r /etc/os-release)") $(osr_get ID_LIKE "$(r /etc/os-release)")"
probe_pm=none
case " $probe_id " in
  *" debian "*|*" ubuntu "*) probe_pm=apt ;;
  *" rhel "*|*" centos "*|*" fedora "*|*" rocky "*|*" almalinux "*|*" cloudlinux "*) probe_pm=yum ;;
  *) if has apt-get; then probe_pm=apt; elif has yum || has dnf; then probe_pm=yum; fi ;;
esac
emit updates.manager "$probe_pm"
probe_refresh_pid=""
if [ "$PROBE_COMMANDS" = 1 ] && [ "$PROBE_REFRESH" = 1 ] && [ "$probe_pm" = apt ] && has apt-get; then
  [ -d /tmp ] || mkdir /tmp
  chmod 1777 /tmp 2>/dev/null
  probe_seclist="${TMPDIR:-/tmp}/mp-probe-security.$$.list"
  (
    # the security suites' package indexes apt knows, as one-line sources with the key of the source each comes
    # from: [signed-by=...] of its line in a .list file, or Signed-By of the stanza listing its suite in a .sources file
    apt-get indextargets --format '$(IDENTIFIER)|$(RELEASE)|$(REPO_URI)|$(COMPONENT)|$(ARCHITECTURE)|$(SOURCESENTRY)' \
        2>/dev/null \
      | awk -F'|' '
      function signedby(entry, suite,   file, n, line, k, suites, key, found) {
        file = entry; n = entry; sub(/:[0-9]+$/, "", file); sub(/.*:/, "", n)
        found = ""; suites = ""; key = ""; k = 0
        while ((getline line < file) > 0) {
          k++
          if (file !~ /\.sources$/) {
            if (k == n + 0 && match(line, /signed-by=[^] \t]+/)) found = substr(line, RSTART + 10, RLENGTH - 10)
            continue
          }
          if (line ~ /^[ \t]*$/) {
            if ((" " suites " ") ~ (" " suite " ") && key != "") found = key
            suites = ""; key = ""
          } else if (line ~ /^Suites:/) { suites = line; sub(/^Suites:/, "", suites); gsub(/[ \t]+/, " ", suites)
          } else if (line ~ /^Signed-By:[ \t]*\//) { key = line; sub(/^Signed-By:[ \t]*/, "", key); sub(/[ \t]+$/, "", key) }
        }
        if (file ~ /\.sources$/ && (" " suites " ") ~ (" " suite " ") && key != "") found = key
        close(file)
        return found
      }
      $1 == "Packages" && $2 ~ /-security$/ {
        s = signedby($6, $2)
        print "deb [arch=" $5 (s == "" ? "" : " signed-by=" s) "] " $3 " " $2 " " $4
      }' | sort -u > "$probe_seclist"
    if [ -s "$probe_seclist" ] && apt-get -y update -o Dir::Etc::SourceList="$probe_seclist" \
        -o Dir::Etc::SourceParts=- -o APT::Get::List-Cleanup=0 >/dev/null 2>&1 </dev/null; then
      probe_rc=0
    elif apt-get -y update >/dev/null 2>&1 </dev/null; then
      probe_rc=10
    else
      probe_rc=1
    fi
    rm -f "$probe_seclist"
    exit $probe_rc
  ) &
  probe_refresh_pid=$!
fi

# --- distribution (upstream getDistro order; os-release is parsed, never sourced)
if [ -f "$(r /etc/os-release)" ]; then
  emit os.source os-release
  emit os.name "$(osr_get NAME "$(r /etc/os-release)")"
  emit os.version "$(osr_get VERSION_ID "$(r /etc/os-release)")"
  emit os.id "$(osr_get ID "$(r /etc/os-release)")"
  emit os.id_like "$(osr_get ID_LIKE "$(r /etc/os-release)")"
elif [ "$PROBE_COMMANDS" = 1 ] && [ -z "$PROBE_ROOT" ] && has lsb_release; then
  emit os.source lsb_release
  emit os.name "$(lsb_release -si 2>/dev/null)"
  emit os.version "$(lsb_release -sr 2>/dev/null)"
elif [ -f "$(r /etc/lsb-release)" ]; then
  emit os.source lsb-release
  emit os.name "$(osr_get DISTRIB_ID "$(r /etc/lsb-release)")"
  emit os.version "$(osr_get DISTRIB_RELEASE "$(r /etc/lsb-release)")"
elif [ -f "$(r /etc/debian_version)" ]; then
  emit os.source debian_version
  emit os.name Debian
  emit os.version "$(head -n 1 "$(r /etc/debian_version)")"
elif [ -f "$(r /etc/SuSe-release)" ]; then
  emit os.source SuSe-release
elif [ -f "$(r /etc/redhat-release)" ]; then
  emit os.source redhat-release
  probe_rh="$(head -n 1 "$(r /etc/redhat-release)")"
  case "$probe_rh" in CentOS*) emit os.name "CentOS Linux" ;; esac
  emit os.version "$(printf '%s' "$probe_rh" | cut -d ' ' -f 3 | cut -d . -f 1)"
elif [ "$PROBE_COMMANDS" = 1 ]; then
  emit os.source uname
  emit os.name "$(uname -s)"
  emit os.version "$(uname -r)"
else
  emit os.source none
fi

# --- commands and architecture
if [ "$PROBE_COMMANDS" = 1 ]; then
  for probe_c in cloud-init ufw firewall-cmd systemctl lsmod nft apt-get yum dnf dpkg-query rpm; do
    if has "$probe_c"; then emit cmd "$probe_c" 1; else emit cmd "$probe_c" 0; fi
  done
  emit arch "$(uname -m 2>/dev/null)"
  # The installed package's version when a package manager knows it (no Python start-up, about a second on a
  # small droplet); otherwise what cloud-init --version prints.
  if has cloud-init; then
    probe_v=""
    if has dpkg-query; then
      probe_v="$(dpkg-query -W -f='${Status}|${Version}' cloud-init 2>/dev/null)"
      case "$probe_v" in "install ok installed|"?*) probe_v="cloud-init ${probe_v#*|} (dpkg)" ;; *) probe_v="" ;; esac
    fi
    if [ -z "$probe_v" ] && has rpm && rpm -q cloud-init >/dev/null 2>&1; then
      probe_v="cloud-init $(rpm -q --qf '%{VERSION}' cloud-init 2>/dev/null) (rpm)"
    fi
    [ -n "$probe_v" ] || probe_v="$(cloud-init --version 2>&1 | head -n 1)"
    emit cloudinit.version "$probe_v"
  fi
  if has ufw; then emit ufw.status "$(ufw status 2>/dev/null | head -n 1 | sed 's/^Status: //')"; fi
  if has systemctl; then
    emit firewalld.state "$(systemctl is-active firewalld 2>/dev/null | head -n 1)"
    if [ -f "$(r /usr/lib/systemd/system/csf.service)" ]; then emit csf.state "$(systemctl is-active csf 2>/dev/null | head -n 1)"; fi
  fi
  if has lsmod; then
    if lsmod 2>/dev/null | grep -q '^ip_tables'; then emit iptables.module 1; else emit iptables.module 0; fi
  fi
  if has nft; then emit nft.input_chains "$(nft list ruleset 2>/dev/null | grep -c 'hook input')"; fi
  if has dpkg-query; then
    emit pkg openssh-server "$(dpkg-query -W -f='${Status}' openssh-server 2>/dev/null | tr ' ' '-')"
  elif has rpm; then
    if rpm -q openssh-server >/dev/null 2>&1; then emit pkg openssh-server installed; else emit pkg openssh-server absent; fi
  fi
fi
for probe_c in /usr/bin/cloud-init /usr/sbin/sshd /usr/sbin/ufw /usr/bin/firewall-cmd; do
  if [ -e "$(r "$probe_c")" ]; then emit file "$probe_c" 1; else emit file "$probe_c" 0; fi
done
if [ -f "$(r /etc/ufw/ufw.conf)" ]; then emit ufw.conf.enabled "$(osr_get ENABLED "$(r /etc/ufw/ufw.conf)")"; fi
if [ -f "$(r /usr/lib/systemd/system/csf.service)" ]; then emit csf.service 1; else emit csf.service 0; fi
if [ -e "$(r /etc/systemd/system/multi-user.target.wants/firewalld.service)" ]; then emit firewalld.enabled 1; fi

# --- accounts: passwd entries and the kind of each shadow password field (never the field itself)
if [ -r "$(r /etc/passwd)" ]; then
  awk -F: 'BEGIN { OFS = "\t" } NF >= 3 { print "passwd", $1, $3, $6, $7 }' "$(r /etc/passwd)" > "${TMPDIR:-/tmp}/mp-probe-pw.$$"
  while IFS= read -r probe_l; do printf '%s\n' "$probe_l"; probe_lines=$((probe_lines + 1)); done < "${TMPDIR:-/tmp}/mp-probe-pw.$$"
  rm -f "${TMPDIR:-/tmp}/mp-probe-pw.$$"
fi
if [ -r "$(r /etc/shadow)" ]; then
  emit shadow.readable 1
  awk -F: 'BEGIN { OFS = "\t" }
    NF >= 2 {
      p = $2; kind = "hash"; scheme = "unknown"
      if (p == "!" || p == "!!" || p == "*" || p == "!*") kind = p
      else if (p == "") kind = "empty"
      else if (substr(p, 1, 1) == "!" || substr(p, 1, 1) == "*") { kind = "locked-hash"; p = substr(p, 2) }
      if (kind == "hash" || kind == "locked-hash") {
        if (substr(p, 1, 3) == "$6$") scheme = "sha512crypt"
        else if (substr(p, 1, 3) == "$5$") scheme = "sha256crypt"
        else if (substr(p, 1, 3) == "$y$") scheme = "yescrypt"
        else if (substr(p, 1, 3) == "$1$") scheme = "md5crypt"
        else if (substr(p, 1, 2) == "$2") scheme = "bcrypt"
        else if (substr(p, 1, 4) == "$gy$") scheme = "gost-yescrypt"
        print "shadow", $1, kind, scheme, length(p)
      } else print "shadow", $1, kind, "-", length(p)
    }' "$(r /etc/shadow)" > "${TMPDIR:-/tmp}/mp-probe-sh.$$"
  while IFS= read -r probe_l; do printf '%s\n' "$probe_l"; probe_lines=$((probe_lines + 1)); done < "${TMPDIR:-/tmp}/mp-probe-sh.$$"
  rm -f "${TMPDIR:-/tmp}/mp-probe-sh.$$"
else
  emit shadow.readable 0
fi

# inspect_home USER DIR : the .ssh entries, bash history and other shell or console histories of one home directory.
inspect_home() {
  if [ ! -d "$(r "$2")" ]; then emit home "$1" "$2" 0; return; fi
  emit home "$1" "$2" 1
  if [ -d "$(r "$2/.ssh")" ]; then
    emit sshdir "$1" "$2/.ssh" 1
    for probe_s in "$(r "$2/.ssh")"/* "$(r "$2/.ssh")"/.[!.]* "$(r "$2/.ssh")"/..?*; do
      [ -e "$probe_s" ] || [ -L "$probe_s" ] || continue
      probe_n="${probe_s##*/}"
      if [ -d "$probe_s" ]; then emit sshfile "$1" "$2/.ssh/$probe_n" 0 dir 0; continue; fi
      probe_k="$(key_kind "$probe_s")"
      probe_keys=0
      if [ "$probe_n" = authorized_keys ] || [ "$probe_n" = authorized_keys2 ]; then
        probe_keys="$(grep -c -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$probe_s" 2>/dev/null)"
      fi
      emit sshfile "$1" "$2/.ssh/$probe_n" "$(size_of "$probe_s")" "$probe_k" "${probe_keys:-0}"
    done
  else
    emit sshdir "$1" "$2/.ssh" 0
  fi
  if [ -f "$(r "$2/.bash_history")" ]; then emit history "$1" "$2/.bash_history" "$(size_of "$(r "$2/.bash_history")")"; fi
  for probe_hf in .zsh_history .sh_history .history .mysql_history .psql_history .python_history .sqlite_history \
      .rediscli_history .node_repl_history; do
    if [ -f "$(r "$2/$probe_hf")" ]; then emit histfile "$1" "$2/$probe_hf" "$(size_of "$(r "$2/$probe_hf")")"; fi
  done
}
if [ -r "$(r /etc/passwd)" ]; then
  awk -F: 'NF >= 3 && ($3 == 0 || $3 >= 1000) { print $1 ":" $6 }' "$(r /etc/passwd)" > "${TMPDIR:-/tmp}/mp-probe-hm.$$"
  while IFS=: read -r probe_u probe_h; do
    [ "$probe_u" = nobody ] && continue
    if [ "$probe_u" = root ]; then inspect_home root /root; continue; fi
    inspect_home "$probe_u" "/home/$probe_u"
    if [ -n "$probe_h" ] && [ "$probe_h" != "/home/$probe_u" ] && [ "$probe_h" != / ]; then inspect_home "$probe_u" "$probe_h"; fi
  done < "${TMPDIR:-/tmp}/mp-probe-hm.$$"
  rm -f "${TMPDIR:-/tmp}/mp-probe-hm.$$"
fi

# --- logs at the top level of /var/log (sizes only)
for probe_s in "$(r /var/log)"/*; do
  [ -f "$probe_s" ] || continue
  probe_n="${probe_s##*/}"
  case "$probe_n" in
    *-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) emit log archive "/var/log/$probe_n" "$(size_of "$probe_s")" ;;
    *.[0-9]) emit log rotated "/var/log/$probe_n" "$(size_of "$probe_s")" ;;
    *.gz|*.xz|*.bz2|*.zst) emit log compressed "/var/log/$probe_n" "$(size_of "$probe_s")" ;;
    lfd.log) emit log log "/var/log/$probe_n" "$(grep -v -e '/var/log/messages has been reset' -e ' Watching /var/log/messages' "$probe_s" | wc -c | tr -d ' ')" ;;
    *.log) emit log log "/var/log/$probe_n" "$(size_of "$probe_s")" ;;
  esac
done

# --- DigitalOcean agent, cloud-init state, first boot, MOTD, host keys
if [ -d "$(r /opt/digitalocean)" ]; then emit dir /opt/digitalocean 1; else emit dir /opt/digitalocean 0; fi
for probe_d in per-instance per-boot per-once; do
  for probe_s in "$(r /var/lib/cloud/scripts/$probe_d)"/*; do
    [ -e "$probe_s" ] || continue
    probe_t=other; [ -f "$probe_s" ] && probe_t=file; [ -d "$probe_s" ] && probe_t=dir
    probe_x=0; [ -x "$probe_s" ] && probe_x=1
    emit firstboot "/var/lib/cloud/scripts/$probe_d/${probe_s##*/}" "$probe_t" "$probe_x"
  done
done
probe_n=0
for probe_s in "$(r /var/lib/cloud/instances)"/*; do [ -e "$probe_s" ] && probe_n=$((probe_n + 1)); done
emit cloud.instances "$probe_n"
if [ -d "$(r /etc/update-motd.d)" ]; then
  emit motd.dir 1
  for probe_s in "$(r /etc/update-motd.d)"/*; do
    [ -f "$probe_s" ] || continue
    probe_x=0; [ -x "$probe_s" ] && probe_x=1
    emit motd "${probe_s##*/}" "$probe_x"
  done
else
  emit motd.dir 0
fi
# --- the disk in use (after the cleanup, when it ran): what the snapshot will copy, to scale its wait
if [ "$PROBE_COMMANDS" = 1 ]; then
  emit disk.used_kb "$(df -Pk "$(r /)" 2>/dev/null | awk 'NR == 2 { print $3 }')"
fi
for probe_s in "$(r /etc/ssh)"/ssh_host_*_key; do
  [ -f "$probe_s" ] || continue
  emit hostkey "/etc/ssh/${probe_s##*/}" "$(size_of "$probe_s")" "$(key_kind "$probe_s")"
done

# --- pending security updates (upstream: apt for Debian/Ubuntu, yum for the RHEL family), last: the package index
# refresh started above ran while the other facts were collected
if [ "$PROBE_COMMANDS" != 1 ]; then
  emit updates.state not-collected
elif [ "$probe_pm" = apt ] && has apt-get; then
  if [ -n "$probe_refresh_pid" ]; then
    wait "$probe_refresh_pid"
    case $? in
      0) emit updates.refresh ok; emit updates.refresh.scope security ;;
      10) emit updates.refresh ok; emit updates.refresh.scope all ;;
      *) emit updates.refresh failed ;;
    esac
  else
    emit updates.refresh skipped
  fi
  probe_sim="$(apt-get --just-print upgrade 2>/dev/null)"
  probe_rc=$?
  if [ $probe_rc -ne 0 ]; then emit updates.state failed; else
    emit updates.state ok
    emit updates.security.lines "$(printf '%s\n' "$probe_sim" | grep -ci security)"
    printf '%s\n' "$probe_sim" | grep -i security | grep '^Inst ' | cut -d ' ' -f 2 | sort -u > "${TMPDIR:-/tmp}/mp-probe.$$" 2>/dev/null
    while IFS= read -r probe_p; do [ -n "$probe_p" ] && emit updates.security.pkg "$probe_p"; done < "${TMPDIR:-/tmp}/mp-probe.$$"
    rm -f "${TMPDIR:-/tmp}/mp-probe.$$"
  fi
elif [ "$probe_pm" = yum ] && { has yum || has dnf; }; then
  probe_y=yum; has yum || probe_y=dnf
  probe_sim="$($probe_y check-update --security --quiet 2>/dev/null)"
  probe_rc=$?
  # check-update exits 100 when updates are available, 0 when none.
  if [ $probe_rc -ne 0 ] && [ $probe_rc -ne 100 ]; then emit updates.state failed; else
    emit updates.state ok
    emit updates.security.lines "$(printf '%s' "$probe_sim" | grep -c .)"
    printf '%s\n' "$probe_sim" | grep . | cut -d ' ' -f 1 | sort -u > "${TMPDIR:-/tmp}/mp-probe.$$" 2>/dev/null
    while IFS= read -r probe_p; do [ -n "$probe_p" ] && emit updates.security.pkg "$probe_p"; done < "${TMPDIR:-/tmp}/mp-probe.$$"
    rm -f "${TMPDIR:-/tmp}/mp-probe.$$"
  fi
else
  emit updates.state unavailable
fi

echo "MP-PROBE END 1 $probe_lines"
