package io.github.oneclick.marketplace.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RulesTest {

    private static List<CheckResult> only(List<CheckResult> results, String id) {
        return results.stream().filter(r -> r.id().equals(id)).toList();
    }

    private static CheckResult single(List<CheckResult> results, String id) {
        List<CheckResult> matching = only(results, id);
        assertThat(matching).as(id).hasSize(1);
        return matching.get(0);
    }

    private static FactFile ubuntu() {
        return FactFile.load("ubuntu-24.04");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ubuntu-24.04",
                "ubuntu-22.04",
                "debian-12",
                "debian-13",
                "rocky-9",
                "almalinux-9",
                "centos-stream-9"
            })
    void cleanDroplet_hasNoFailAndNoWarning(String name) {
        List<CheckResult> results = FactFile.load(name).evaluate();

        assertThat(results)
                .filteredOn(r -> r.status() == Status.FAIL || r.status() == Status.WARN)
                .isEmpty();
        assertThat(single(results, "MP-OS-SUPPORTED").status()).isEqualTo(Status.PASS);
        assertThat(single(results, "MP-OS-RELEASE").status()).isEqualTo(Status.PASS);
        assertThat(single(results, "MP-FIREWALL").status()).isEqualTo(Status.PASS);
        assertThat(single(results, "MP-ROOT-PASSWORD").message()).isEqualTo("User root has no password set.");
    }

    @Test
    void resultsFollowUpstreamOrderThenTheRecommendations() {
        List<String> ids =
                ubuntu().evaluate().stream().map(CheckResult::id).distinct().toList();

        assertThat(ids)
                .containsExactly(
                        "MP-OS-SUPPORTED",
                        "MP-OS-RELEASE",
                        "MP-CLOUDINIT-PRESENT",
                        "MP-CLOUDINIT-VERSION",
                        "MP-SSHD-PRESENT",
                        "MP-FIREWALL",
                        "MP-UPDATES-SECURITY",
                        "MP-ROOT-PASSWORD",
                        "MP-ROOT-SSH",
                        "MP-ROOT-HISTORY",
                        "MP-DO-AGENT",
                        "MP-FIRSTBOOT-EXEC",
                        "MP-CLOUDINIT-INSTANCES",
                        "MP-MOTD",
                        "MP-HOSTKEYS",
                        "MP-ARCH");
    }

    // ------------------------------------------------------------------ operating system

    @Test
    void unknownOperatingSystem_failsAndTheOtherChecksStillRun() {
        List<CheckResult> results =
                ubuntu().replace("os.name", "os.name | Gentoo").evaluate();

        assertThat(single(results, "MP-OS-SUPPORTED").message())
                .isEqualTo("Gentoo is not a supported Operating System");
        assertThat(only(results, "MP-OS-RELEASE")).isEmpty();
        assertThat(only(results, "MP-DO-AGENT")).isNotEmpty();
    }

    @Test
    void unsupportedUbuntuRelease_failsWithUpstreamWording() {
        CheckResult r =
                single(ubuntu().replace("os.version", "os.version | 26.04").evaluate(), "MP-OS-RELEASE");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).isEqualTo("Ubuntu 26.04 is not a supported Operating System Version");
        assertThat(r.parity()).isEqualTo(Parity.SAME);
    }

    @Test
    void additionalRelease_acceptsANewUbuntu() {
        ValidationOptions options = ValidationOptions.builder()
                .additionalReleases(List.of("Ubuntu:26.04"))
                .build();

        CheckResult r =
                single(ubuntu().replace("os.version", "os.version | 26.04").evaluate(options), "MP-OS-RELEASE");

        assertThat(r.status()).isEqualTo(Status.PASS);
    }

    @Test
    void almaLinuxReleaseThatOnlyContainsAnEight_failsStricterBecauseMatchingIsAnchored() {
        CheckResult r = single(
                FactFile.load("almalinux-9")
                        .replace("os.version", "os.version | 10.8")
                        .evaluate(),
                "MP-OS-RELEASE");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.stricter()).isTrue();
    }

    @Test
    void rockyMajorWithoutMinor_failsLikeUpstream() {
        CheckResult r = single(
                FactFile.load("rocky-9").replace("os.version", "os.version | 9").evaluate(), "MP-OS-RELEASE");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.parity()).isEqualTo(Parity.SAME);
    }

    // ------------------------------------------------------------------ cloud-init, sshd, arch

    @Test
    void missingCloudInit_failsAndSkipsTheVersionCheck() {
        List<CheckResult> results =
                ubuntu().replace("cmd | cloud-init", "cmd | cloud-init | 0").evaluate();

        assertThat(single(results, "MP-CLOUDINIT-PRESENT").status()).isEqualTo(Status.FAIL);
        assertThat(only(results, "MP-CLOUDINIT-VERSION")).isEmpty();
    }

    @Test
    void cloudInitOlderThan076_fails() {
        CheckResult r = single(
                ubuntu().replace("cloudinit.version", "cloudinit.version | cloud-init 0.7.5")
                        .evaluate(),
                "MP-CLOUDINIT-VERSION");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.stricter()).isTrue();
    }

    @Test
    void cloudInitOlderThan079_warns() {
        CheckResult r = single(
                ubuntu().replace("cloudinit.version", "cloudinit.version | /usr/bin/cloud-init 0.7.8")
                        .evaluate(),
                "MP-CLOUDINIT-VERSION");

        assertThat(r.status()).isEqualTo(Status.WARN);
    }

    @Test
    void missingOpensshServer_fails() {
        CheckResult r = single(
                ubuntu().replace("pkg | openssh-server", "pkg | openssh-server | deinstall-ok-config-files")
                        .evaluate(),
                "MP-SSHD-PRESENT");

        assertThat(r.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void arm64Architecture_fails() {
        assertThat(single(ubuntu().replace("arch", "arch | aarch64").evaluate(), "MP-ARCH")
                        .status())
                .isEqualTo(Status.FAIL);
    }

    // ------------------------------------------------------------------ firewall

    @Test
    void inactiveUfw_warnsAndTheWarningIsCounted() {
        CheckResult r =
                single(ubuntu().replace("ufw.status", "ufw.status | inactive").evaluate(), "MP-FIREWALL");

        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.message()).isEqualTo("No firewall is configured. Ensure ufw is installed and configured");
        assertThat(r.stricter()).isTrue();
    }

    @Test
    void rhelWithFirewalldStopped_warnsWhereUpstreamAlwaysPasses() {
        CheckResult r = single(
                FactFile.load("rocky-9")
                        .replace("firewalld.state", "firewalld.state | inactive")
                        .evaluate(),
                "MP-FIREWALL");

        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.stricter()).isTrue();
        assertThat(r.note()).contains("true even when firewalld is stopped");
    }

    @Test
    void debianWithActiveFirewalld_passesWhereUpstreamAlwaysWarns() {
        CheckResult r = single(
                FactFile.load("debian-12")
                        .replace("cmd | firewall-cmd", "cmd | firewall-cmd | 1")
                        .replace("firewalld.state", "firewalld.state | active")
                        .evaluate(),
                "MP-FIREWALL");

        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(r.parity()).isEqualTo(Parity.CORRECTED);
    }

    @Test
    void debianWithoutAnyFirewall_warnsAboutIptables() {
        CheckResult r = single(
                FactFile.load("debian-12")
                        .replace("iptables.module", "iptables.module | 0")
                        .evaluate(),
                "MP-FIREWALL");

        assertThat(r.message()).isEqualTo("No firewall is configured. Ensure iptables is installed and configured");
    }

    // ------------------------------------------------------------------ security updates

    @Test
    void pendingAptSecurityUpdates_failAndAreListed() {
        CheckResult r = single(
                ubuntu().replace("updates.security.lines", "updates.security.lines | 4")
                        .with("updates.security.pkg | openssl", "updates.security.pkg | libssl3t64")
                        .evaluate(),
                "MP-UPDATES-SECURITY");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message())
                .isEqualTo("There are 2 security updates available for this image that have not been installed.");
        assertThat(r.details()).contains("  openssl", "  libssl3t64");
        assertThat(r.parity()).isEqualTo(Parity.SAME);
    }

    @Test
    void singleSecurityLine_failsStricterThanUpstreamWhichHalvesItToZero() {
        CheckResult r = single(
                ubuntu().replace("updates.security.lines", "updates.security.lines | 1")
                        .with("updates.security.pkg | openssl")
                        .evaluate(),
                "MP-UPDATES-SECURITY");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.stricter()).isTrue();
    }

    @Test
    void failingPackageManager_failsInsteadOfPassing() {
        CheckResult r = single(
                ubuntu().replace("updates.state", "updates.state | failed").evaluate(), "MP-UPDATES-SECURITY");

        assertThat(r.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void pendingYumSecurityUpdates_countEveryLine() {
        CheckResult r = single(
                FactFile.load("rocky-9")
                        .replace("updates.security.lines", "updates.security.lines | 3")
                        .evaluate(),
                "MP-UPDATES-SECURITY");

        assertThat(r.message()).startsWith("There are 3 security updates");
    }

    // ------------------------------------------------------------------ logs

    @Test
    void populatedAndRotatedAndArchivedLogs_warnButNeverFail() {
        List<CheckResult> results = ubuntu().with(
                        "log | log | /var/log/auth.log | 220",
                        "log | rotated | /var/log/syslog.1 | 10",
                        "log | archive | /var/log/dpkg.log-20250101 | 5",
                        "log | log | /var/log/cpanel-install.log | 9000")
                .evaluate();

        assertThat(single(results, "MP-LOGS-UNCLEARED").message())
                .startsWith("un-cleared log file, /var/log/auth.log found;");
        assertThat(single(results, "MP-LOGS-ROTATED").message()).startsWith("Log archive /var/log/syslog.1 found;");
        assertThat(single(results, "MP-LOGS-ARCHIVE").status()).isEqualTo(Status.WARN);
        assertThat(results).filteredOn(r -> r.status() == Status.FAIL).isEmpty();
    }

    @Test
    void logOfFiftyBytes_isCleared() {
        assertThat(only(ubuntu().with("log | log | /var/log/auth.log | 50").evaluate(), "MP-LOGS-UNCLEARED"))
                .isEmpty();
    }

    // ------------------------------------------------------------------ root

    @Test
    void rootAuthorizedKeysWithAKey_fails() {
        CheckResult r = single(
                ubuntu().with("sshfile | root | /root/.ssh/authorized_keys | 96 | public | 1")
                        .evaluate(),
                "MP-ROOT-SSH");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message())
                .isEqualTo("User root has a populated authorized_keys file in /root/.ssh/authorized_keys");
        assertThat(r.parity()).isEqualTo(Parity.SAME);
    }

    @Test
    void rootIdEd25519_failsWhereUpstreamOnlyWarns() {
        CheckResult r = single(
                ubuntu().with("sshfile | root | /root/.ssh/id_ed25519 | 411 | private-openssh | 0")
                        .evaluate(),
                "MP-ROOT-SSH");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).isEqualTo("User root has a private key file in /root/.ssh/id_ed25519");
        assertThat(r.stricter()).isTrue();
    }

    @Test
    void rootIdRsa_failsLikeUpstream() {
        CheckResult r = single(
                ubuntu().with("sshfile | root | /root/.ssh/id_rsa | 2602 | private-openssh | 0")
                        .evaluate(),
                "MP-ROOT-SSH");

        assertThat(r.parity()).isEqualTo(Parity.SAME);
        assertThat(r.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void rootEmptySshDirectory_isInformational() {
        CheckResult r = single(ubuntu().evaluate(), "MP-ROOT-SSH");

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.message()).isEqualTo("User root has no SSH keys present");
    }

    @Test
    void rootStrayAndHiddenFiles_warn() {
        List<CheckResult> results = only(
                ubuntu().with(
                                "sshfile | root | /root/.ssh/config | 20 | other | 0",
                                "sshfile | root | /root/.ssh/.backup | 20 | other | 0")
                        .evaluate(),
                "MP-ROOT-SSH");

        assertThat(results).extracting(CheckResult::status).containsOnly(Status.WARN);
        assertThat(results.get(0).message())
                .isEqualTo("User root has a file in their .ssh directory at /root/.ssh/config");
        assertThat(results.get(1).stricter()).isTrue();
    }

    @Test
    void rootPasswordHash_failsWithoutShowingTheHash() {
        CheckResult r = single(
                ubuntu().replace("shadow | root", "shadow | root | hash | sha512crypt | 106")
                        .evaluate(),
                "MP-ROOT-PASSWORD");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).isEqualTo("User root has a password set on their account.");
        assertThat(r.details())
                .singleElement()
                .asString()
                .contains("sha512crypt")
                .contains("not shown");
    }

    @Test
    void longRootHistory_fails() {
        CheckResult r = single(
                ubuntu().replace("history | root", "history | root | /root/.bash_history | 200")
                        .evaluate(),
                "MP-ROOT-HISTORY");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message())
                .isEqualTo("root's Bash History should be cleared to prevent sensitive information from leaking");
    }

    @Test
    void absentRootHistory_passes() {
        CheckResult r = single(ubuntu().without("history | root").evaluate(), "MP-ROOT-HISTORY");

        assertThat(r.message()).isEqualTo("The Root User's Bash History is not present");
    }

    @Test
    void otherShellAndConsoleHistories_warnOncePerFileWithoutTheirContents() {
        List<CheckResult> results = only(
                ubuntu().with(
                                "histfile | root | /root/.mysql_history | 120",
                                "histfile | app | /home/app/.python_history | 30")
                        .evaluate(),
                "MP-HISTORY-OTHER");

        assertThat(results).extracting(CheckResult::status).containsExactly(Status.WARN, Status.WARN);
        assertThat(results)
                .extracting(CheckResult::subject)
                .containsExactly("/root/.mysql_history", "/home/app/.python_history");
        assertThat(results.get(0).message())
                .isEqualTo("User root has a history file /root/.mysql_history; 120 bytes"
                        + " (contents are not copied into reports)");
        assertThat(results.get(0).stricter()).isTrue();
        assertThat(results.get(0).fix()).contains("cat /dev/null >");
    }

    @Test
    void emptyOtherHistory_isNoFinding() {
        assertThat(only(
                        ubuntu().with("histfile | root | /root/.zsh_history | 0")
                                .evaluate(),
                        "MP-HISTORY-OTHER"))
                .isEmpty();
    }

    // ------------------------------------------------------------------ users

    private static FactFile withUser(String shadowKind) {
        return ubuntu().with(
                        "passwd | app | 1000 | /home/app | /bin/bash",
                        "shadow | app | " + shadowKind,
                        "home | app | /home/app | 1",
                        "sshdir | app | /home/app/.ssh | 1");
    }

    @Test
    void userAuthorizedKeys_failAndAreCountedUnlikeUpstream() {
        CheckResult r = single(
                withUser("! | - | 1")
                        .with("sshfile | app | /home/app/.ssh/authorized_keys | 96 | public | 1")
                        .evaluate(),
                "MP-USER-SSH");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.subject()).isEqualTo("app");
        assertThat(r.stricter()).isTrue();
        assertThat(r.note()).contains("never reads users' .ssh");
    }

    @Test
    void userIdEd25519_failsAsAPrivateKey() {
        CheckResult r = single(
                withUser("! | - | 1")
                        .with("sshfile | app | /home/app/.ssh/id_ed25519 | 411 | private-openssh | 0")
                        .evaluate(),
                "MP-USER-SSH");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).isEqualTo("User app has a private key file in /home/app/.ssh/id_ed25519");
    }

    @Test
    void userEmptyPasswordField_fails() {
        CheckResult r = single(withUser("empty | - | 0").evaluate(), "MP-USER-PASSWORD");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.details()).singleElement().asString().contains("empty");
        assertThat(r.stricter()).isTrue();
    }

    @Test
    void userLockedPassword_passes() {
        assertThat(single(withUser("!! | - | 2").evaluate(), "MP-USER-PASSWORD").status())
                .isEqualTo(Status.PASS);
    }

    @Test
    void userWithoutShadowEntry_warns() {
        CheckResult r = single(
                ubuntu().with("passwd | app | 1000 | /home/app | /bin/bash").evaluate(), "MP-USER-PASSWORD");

        assertThat(r.status()).isEqualTo(Status.WARN);
    }

    @Test
    void longUserHistory_failsAndIsCounted() {
        CheckResult r = single(
                withUser("! | - | 1")
                        .with("history | app | /home/app/.bash_history | 5000")
                        .evaluate(),
                "MP-USER-HISTORY");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.stricter()).isTrue();
    }

    @Test
    void systemUsersAndNobodyAndCentos_areNotChecked() {
        List<CheckResult> results = ubuntu().with(
                        "passwd | centos | 1000 | /home/centos | /bin/bash",
                        "shadow | centos | hash | sha512crypt | 106")
                .evaluate();

        assertThat(results).noneMatch(r -> r.id().startsWith("MP-USER-"));
    }

    @Test
    void userHomeOutsideHome_isInspectedToo() {
        CheckResult r = single(
                ubuntu()
                        .with(
                                "passwd | svc | 1001 | /srv/svc | /bin/bash",
                                "shadow | svc | * | - | 1",
                                "home | svc | /home/svc | 0",
                                "home | svc | /srv/svc | 1",
                                "sshdir | svc | /srv/svc/.ssh | 1",
                                "sshfile | svc | /srv/svc/.ssh/authorized_keys | 96 | public | 1")
                        .evaluate()
                        .stream()
                        .filter(x -> x.status() == Status.FAIL)
                        .toList(),
                "MP-USER-SSH");

        assertThat(r.message()).contains("/srv/svc/.ssh/authorized_keys");
    }

    // ------------------------------------------------------------------ agent and recommendations

    @Test
    void digitalOceanDirectory_failsWithTheAptHintOnUbuntu() {
        CheckResult r = single(
                ubuntu().replace("dir | /opt/digitalocean", "dir | /opt/digitalocean | 1")
                        .evaluate(),
                "MP-DO-AGENT");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).isEqualTo("DigitalOcean directory detected.");
        assertThat(r.details()).anySatisfy(d -> assertThat(d).contains("apt-get purge droplet-agent"));
    }

    @Test
    void digitalOceanDirectory_failsWithTheYumHintOnRocky() {
        CheckResult r = single(
                FactFile.load("rocky-9")
                        .replace("dir | /opt/digitalocean", "dir | /opt/digitalocean | 1")
                        .evaluate(),
                "MP-DO-AGENT");

        assertThat(r.details()).anySatisfy(d -> assertThat(d).contains("yum remove droplet-agent"));
    }

    @Test
    void nonExecutableFirstBootScript_fails() {
        CheckResult r = single(
                ubuntu().replace("firstboot", "firstboot | /var/lib/cloud/scripts/per-instance/001_onboot | file | 0")
                        .evaluate(),
                "MP-FIRSTBOOT-EXEC");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.parity()).isEqualTo(Parity.NEW);
    }

    @Test
    void staleCloudInitInstanceData_warns() {
        assertThat(single(
                                ubuntu().replace("cloud.instances", "cloud.instances | 1")
                                        .evaluate(),
                                "MP-CLOUDINIT-INSTANCES")
                        .status())
                .isEqualTo(Status.WARN);
    }

    @Test
    void missing99Motd_warns() {
        assertThat(single(ubuntu().without("motd | 99-one-click").evaluate(), "MP-MOTD")
                        .status())
                .isEqualTo(Status.WARN);
    }

    @Test
    void hostKeysInTheImage_warn() {
        CheckResult r = single(
                ubuntu().with("hostkey | /etc/ssh/ssh_host_ed25519_key | 399 | private-openssh")
                        .evaluate(),
                "MP-HOSTKEYS");

        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.details()).contains("/etc/ssh/ssh_host_ed25519_key");
    }

    // ------------------------------------------------------------------ options and targets

    @Test
    void skippedChecks_areReportedOnceAsSkipped() {
        ValidationOptions options = ValidationOptions.builder()
                .skipChecks(List.of("mp-do-agent", "MP-USER-SSH"))
                .build();

        List<CheckResult> results =
                withUser("! | - | 1").with("dir | /opt/digitalocean | 1").evaluate(options);

        assertThat(single(results, "MP-DO-AGENT").status()).isEqualTo(Status.SKIP);
        assertThat(single(results, "MP-USER-SSH").status()).isEqualTo(Status.SKIP);
    }

    @Test
    void unknownSkipId_isRejectedWithTheValidIds() {
        assertThatThrownBy(
                        () -> ValidationOptions.builder().skipCheck("MP-NOPE").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MP-NOPE")
                .hasMessageContaining("MP-ROOT-SSH");
    }

    @Test
    void malformedAdditionalRelease_isRejected() {
        assertThatThrownBy(() -> ValidationOptions.builder()
                        .additionalReleases(List.of("Ubuntu"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OS name:release");
    }

    @Test
    void imageDirectoryFacts_reportCommandChecksAsNotCollected() {
        List<CheckResult> results = ubuntu().replace("probe.commands", "probe.commands | 0")
                .replace("updates.state", "updates.state | not-collected")
                .without("arch")
                .evaluate();

        assertThat(single(results, "MP-UPDATES-SECURITY").status()).isEqualTo(Status.SKIP);
        assertThat(single(results, "MP-CLOUDINIT-VERSION").status()).isEqualTo(Status.SKIP);
        assertThat(single(results, "MP-ARCH").status()).isEqualTo(Status.SKIP);
        assertThat(single(results, "MP-FIREWALL").status()).isEqualTo(Status.PASS);
    }
}
