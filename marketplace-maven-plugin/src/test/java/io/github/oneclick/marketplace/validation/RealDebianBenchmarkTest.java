package io.github.oneclick.marketplace.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.marketplace.machine.SshMachine;
import io.github.oneclick.marketplace.testing.DebianImage;
import io.github.oneclick.marketplace.testing.DebianSystem;
import io.github.oneclick.marketplace.testing.RealDebian;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prints the real-Linux fixture's figures; asserts nothing about time. Runs only with {@code -Pbenchmark}: the cold
 * build of the image (into a cache of its own, deleted afterwards), the warm start of one system (copy, mount,
 * namespaces, sshd ready) and its close, the probe, and the cleanup followed by the probe.
 */
@Tag("benchmark")
class RealDebianBenchmarkTest {
    private static final int STARTS = 5;
    private static final int CLEANUPS = 2;

    @RegisterExtension
    static final RealDebian DEBIAN = RealDebian.bookworm();

    private static SshMachine target(DebianSystem system) {
        return system.sshMachine().build();
    }

    @Test
    void coldBuildOfTheImage() throws Exception {
        Path cache = Files.createDirectories(DebianImage.DEFAULT_CACHE.resolve(
                "benchmark-" + ProcessHandle.current().pid()));
        try {
            DebianImage image = DebianImage.builder().cacheDirectory(cache).build();
            long start = System.nanoTime();
            Path built = image.ensureBuilt(line -> {});
            double seconds = (System.nanoTime() - start) / 1e9;
            Process du = new ProcessBuilder("du", "--block-size=1M", built.toString()).start();
            String allocated = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\t")[0];
            System.out.printf(
                    Locale.ROOT,
                    "[benchmark] cold build of the Debian %s image: %.0f s (%s MiB allocated" + " of %d MiB)%n",
                    image.suite(),
                    seconds,
                    allocated,
                    Files.size(built) >> 20);
        } finally {
            try (Stream<Path> files = Files.walk(cache)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void warmStartAndCloseOfOneSystem() throws Exception {
        double[] start = new double[STARTS];
        double[] close = new double[STARTS];
        double[] deleted = new double[STARTS];
        for (int i = 0; i < STARTS; i++) {
            long t0 = System.nanoTime();
            DebianSystem system = DEBIAN.start();
            long t1 = System.nanoTime();
            system.close();
            long t2 = System.nanoTime();
            system.copyDeleted().get(2, TimeUnit.MINUTES);
            long t3 = System.nanoTime();
            start[i] = (t1 - t0) / 1e6;
            close[i] = (t2 - t1) / 1e6;
            deleted[i] = (t3 - t1) / 1e6;
        }
        System.out.printf(
                Locale.ROOT,
                "[benchmark] warm start of one system (copy, mount, namespaces, sshd ready):"
                        + " median %.0f ms (runs %s)%n",
                median(start),
                Arrays.toString(rounded(start)));
        System.out.printf(
                Locale.ROOT,
                "[benchmark] close of one system (processes, namespaces, link, loop device):"
                        + " median %.0f ms (runs %s)%n",
                median(close),
                Arrays.toString(rounded(close)));
        System.out.printf(
                Locale.ROOT,
                "[benchmark] close until the image copy is deleted (on its own thread):"
                        + " median %.0f ms (runs %s)%n",
                median(deleted),
                Arrays.toString(rounded(deleted)));
    }

    @Test
    void probeAndCleanupThenProbe() throws Exception {
        double[] probe = new double[CLEANUPS];
        double[] probeRefresh = new double[CLEANUPS];
        double[] cleanup = new double[CLEANUPS];
        for (int i = 0; i < CLEANUPS; i++) {
            try (DebianSystem system = DEBIAN.start()) {
                SshMachine target = target(system);
                long t0 = System.nanoTime();
                new Validator()
                        .validate(
                                target,
                                ValidationOptions.builder()
                                        .refreshPackageIndex(false)
                                        .build(),
                                line -> {});
                long t1 = System.nanoTime();
                new Validator().validate(target, ValidationOptions.builder().build(), line -> {});
                long t2 = System.nanoTime();
                ValidationReport report = new Validator()
                        .validate(
                                target,
                                ValidationOptions.builder().cleanup(true).build(),
                                line -> {});
                long t3 = System.nanoTime();
                assertThat(report.resultsFor("MP-CLEANUP"))
                        .extracting(CheckResult::status)
                        .containsExactly(Status.PASS);
                probe[i] = (t1 - t0) / 1e6;
                probeRefresh[i] = (t2 - t1) / 1e6;
                cleanup[i] = (t3 - t2) / 1e6;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "[benchmark] probe over SSH, no package index refresh: median %.0f ms (runs" + " %s)%n",
                median(probe),
                Arrays.toString(rounded(probe)));
        System.out.printf(
                Locale.ROOT,
                "[benchmark] probe over SSH with apt-get update (the goal's default): median" + " %.0f ms (runs %s)%n",
                median(probeRefresh),
                Arrays.toString(rounded(probeRefresh)));
        System.out.printf(
                Locale.ROOT,
                "[benchmark] cleanup (apt upgrade, zero-fill of the 2 GiB image) then probe,"
                        + " one session: median %.0f ms (runs %s)%n",
                median(cleanup),
                Arrays.toString(rounded(cleanup)));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long[] rounded(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }
}
