package io.github.oneclick.marketplace.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.marketplace.machine.ExecResult;
import io.github.oneclick.marketplace.machine.SshMachine;
import io.github.oneclick.marketplace.testing.DebianSystem;
import io.github.oneclick.marketplace.testing.RealDebian;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prints how long {@code validate}'s probe takes against DigitalOcean's own {@code 99-img-check.sh} on the same real
 * Debian 12 system over the same OpenSSH {@code sshd} on loopback, each with a fresh SSH connection as the goal and a
 * vendor's {@code ssh root@droplet bash 99-img-check.sh} make, and where the probe's time goes. Asserts nothing about
 * time. Runs only with {@code -Pbenchmark}; DigitalOcean's script is not part of this repository, so the comparison
 * needs its path: {@code -Dupstream.imgCheck=/path/to/99-img-check.sh} (from github.com/digitalocean/marketplace-partners,
 * {@code scripts/99-img-check.sh}). Without it only the probe's figures are printed.
 */
@Tag("benchmark")
class UpstreamComparisonBenchmarkTest {
    private static final int ROUNDS = 5;
    private static final String UPSTREAM = "upstream.imgCheck";

    @RegisterExtension
    static final RealDebian DEBIAN = RealDebian.bookworm();

    @Test
    void probeAgainstDigitalOceansImageCheckOverTheSameSsh() throws Exception {
        String upstreamPath = System.getProperty(UPSTREAM, "");
        String upstream =
                upstreamPath.isBlank() ? null : Files.readString(Path.of(upstreamPath), StandardCharsets.UTF_8);
        double[] connection = new double[ROUNDS];
        double[] packageIndex = new double[ROUNDS];
        double[] facts = new double[ROUNDS];
        double[] validate = new double[ROUNDS];
        double[] upstreamRun = new double[ROUNDS];
        try (DebianSystem system = DEBIAN.start()) {
            SshMachine target =
                    system.sshMachine().commandTimeout(Duration.ofMinutes(5)).build();
            // one unmeasured round of each, so that neither side pays for a cold page cache
            target.run("true", line -> {});
            new Validator().validate(target, ValidationOptions.builder().build(), line -> {});
            if (upstream != null) {
                runUpstream(target, upstream);
            }
            for (int i = 0; i < ROUNDS; i++) {
                connection[i] = millis(() -> target.run("true", line -> {}));
                packageIndex[i] =
                        millis(() -> target.run("apt-get -y update >/dev/null 2>&1; true", line -> {})) - connection[i];
                facts[i] = millis(() -> target.run(ProbeScript.compose(false, false), line -> {})) - connection[i];
                // the goal's default: a fresh connection, apt-get update, the facts, the rules judged
                validate[i] = millis(() -> new Validator()
                        .validate(target, ValidationOptions.builder().build(), l -> {}));
                if (upstream != null) {
                    upstreamRun[i] = millis(() -> runUpstream(target, upstream));
                }
            }
        }
        print("SSH connection and an empty command", connection);
        print("apt-get -y update of every source (99-img-check.sh's refresh)", packageIndex);
        print("probe facts, no index refresh", facts);
        print("validate as the goal runs it (connection, index, facts, rules)", validate);
        if (upstream == null) {
            System.out.printf(
                    Locale.ROOT,
                    "[benchmark] 99-img-check.sh not run: pass -D%s=/path/to/99-img-check.sh to compare%n",
                    UPSTREAM);
            return;
        }
        print("DigitalOcean's 99-img-check.sh over SSH (connection included)", upstreamRun);
        System.out.printf(
                Locale.ROOT,
                "[benchmark] validate / 99-img-check.sh: %.2f (medians %.0f ms / %.0f ms)%n",
                median(validate) / median(upstreamRun),
                median(validate),
                median(upstreamRun));
    }

    /** Sends the script on standard input and runs it with bash, as DigitalOcean's README runs it: as root. */
    private static void runUpstream(SshMachine target, String script) throws Exception {
        String delimiter = "UPSTREAM_IMG_CHECK_" + Long.toHexString(System.nanoTime());
        ExecResult result = target.run(
                "f=$(mktemp)\ncat > \"$f\" <<'" + delimiter + "'\n" + script + "\n" + delimiter
                        + "\nbash \"$f\"; rc=$?; rm -f \"$f\"; exit $rc\n",
                line -> {});
        assertThat(result.stdout()).contains("Scan Complete");
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double millis(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static void print(String what, double[] runs) {
        System.out.printf(
                Locale.ROOT,
                "[benchmark] %s: median %.0f ms (runs %s)%n",
                what,
                median(runs),
                Arrays.toString(Arrays.stream(runs).mapToLong(Math::round).toArray()));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
