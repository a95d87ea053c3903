package io.github.oneclick.marketplace.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Composes the one script a validation runs: optional cleanup, then the read-only probe. */
public final class ProbeScript {
    static final String CLEANUP_EXIT = "MP-CLEANUP EXIT ";
    static final String CLEANUP_STEP = "MP-CLEANUP step ";

    private ProbeScript() {}

    /** The probe alone ({@code probe.sh}, probe format {@value Facts#FORMAT}). */
    public static String probe() {
        return resource("probe.sh");
    }

    /** The cleanup steps ({@code cleanup.sh}). */
    public static String cleanup() {
        return resource("cleanup.sh");
    }

    /**
     * The complete script for one run.
     *
     * @param cleanup include the cleanup steps (callers pass {@link ValidationOptions#runsCleanup()})
     * @param refreshPackageIndex refresh the security suites' package indexes before counting security updates
     */
    public static String compose(boolean cleanup, boolean refreshPackageIndex) {
        StringBuilder s = new StringBuilder();
        s.append("PROBE_REFRESH=").append(refreshPackageIndex ? 1 : 0).append("\nexport PROBE_REFRESH\n");
        if (cleanup) {
            s.append("(\n")
                    .append(cleanup())
                    .append("\n) </dev/null\n")
                    .append("echo \"")
                    .append(CLEANUP_EXIT)
                    .append("$?\"\n");
        }
        s.append(probe());
        return s.toString();
    }

    private static String resource(String name) {
        try (InputStream in = ProbeScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the plugin");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
