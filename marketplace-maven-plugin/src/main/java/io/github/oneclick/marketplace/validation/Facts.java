package io.github.oneclick.marketplace.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The facts a probe printed, by key. Each fact line is {@code key<TAB>field...}; a key may repeat (one line per
 * user, file, package). The cleanup steps that ran before the probe (their {@code MP-CLEANUP} marker lines) are facts
 * too: {@code cleanup.step} (one per step started) and {@code cleanup.exit} (the cleanup's exit status).
 *
 * <p>A rule sees the facts through {@link #readableBy(Rule)}: reading a key it does not declare is an error.
 */
public final class Facts {
    /** The probe output format this engine reads. */
    public static final int FORMAT = 1;

    static final String BEGIN = "MP-PROBE BEGIN ";
    static final String END = "MP-PROBE END ";

    static final String CLEANUP_STEP = "cleanup.step";
    static final String CLEANUP_EXIT = "cleanup.exit";
    private static final String COMMANDS = "probe.commands";

    private final Map<String, List<List<String>>> byKey;
    private final int lineCount;
    /** The keys a rule may read, or null for all. */
    private final Set<String> readable;

    private final String reader;

    private Facts(Map<String, List<List<String>>> byKey, int lineCount, Set<String> readable, String reader) {
        this.byKey = byKey;
        this.lineCount = lineCount;
        this.readable = readable;
        this.reader = reader;
    }

    /** Thrown when the output is not a complete probe output. */
    public static final class ProbeOutputException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean truncated;

        ProbeOutputException(String message, boolean truncated) {
            super(message);
            this.truncated = truncated;
        }

        /** True when the output began but was cut short (or its line count is wrong). */
        public boolean truncated() {
            return truncated;
        }
    }

    /**
     * Parses the probe section of a script's output (anything before the begin marker, such as cleanup output, is
     * ignored). Output without a matching end marker and line count is rejected, never judged.
     */
    public static Facts parse(String output) throws ProbeOutputException {
        String[] lines = output.split("\r?\n", -1);
        Map<String, List<List<String>>> byKey = new LinkedHashMap<>();
        int i = 0;
        while (i < lines.length && !lines[i].startsWith(BEGIN)) {
            if (lines[i].startsWith(ProbeScript.CLEANUP_STEP)) {
                add(
                        byKey,
                        CLEANUP_STEP,
                        lines[i].substring(ProbeScript.CLEANUP_STEP.length()).trim());
            } else if (lines[i].startsWith(ProbeScript.CLEANUP_EXIT)) {
                add(
                        byKey,
                        CLEANUP_EXIT,
                        lines[i].substring(ProbeScript.CLEANUP_EXIT.length()).trim());
            }
            i++;
        }
        if (i == lines.length) {
            throw new ProbeOutputException("the probe printed no begin marker", false);
        }
        String version = lines[i].substring(BEGIN.length()).trim();
        if (!String.valueOf(FORMAT).equals(version)) {
            throw new ProbeOutputException("probe output format " + version + " is not format " + FORMAT, false);
        }
        int count = 0;
        for (i = i + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(END)) {
                String[] end = line.substring(END.length()).trim().split(" ");
                if (end.length != 2 || !String.valueOf(FORMAT).equals(end[0])) {
                    throw new ProbeOutputException("malformed end marker '" + line + "'", true);
                }
                int expected;
                try {
                    expected = Integer.parseInt(end[1]);
                } catch (NumberFormatException e) {
                    throw new ProbeOutputException("malformed end marker '" + line + "'", true);
                }
                if (expected != count) {
                    throw new ProbeOutputException(
                            "the probe announced " + expected + " fact lines but " + count + " arrived", true);
                }
                return new Facts(byKey, count, null, null);
            }
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            List<String> values = new ArrayList<>(fields.length - 1);
            for (int f = 1; f < fields.length; f++) {
                values.add(fields[f]);
            }
            byKey.computeIfAbsent(fields[0], k -> new ArrayList<>()).add(Collections.unmodifiableList(values));
            count++;
        }
        throw new ProbeOutputException("the output ended after " + count + " fact lines without the end marker", true);
    }

    private static void add(Map<String, List<List<String>>> byKey, String key, String value) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(List.of(value));
    }

    /** These facts as {@code rule} may read them: only the keys it declares. */
    Facts readableBy(Rule rule) {
        return new Facts(byKey, lineCount, Set.copyOf(rule.facts()), rule.id());
    }

    private List<List<String>> rows(String key) {
        if (readable != null && !readable.contains(key)) {
            throw new IllegalStateException("rule " + reader + " reads the probe fact '" + key
                    + "' but does not declare it; add it to the rule's facts(...)");
        }
        return byKey.getOrDefault(key, List.of());
    }

    /** The first field of the first line with this key. */
    public Optional<String> get(String key) {
        List<List<String>> rows = rows(key);
        if (rows.isEmpty() || rows.get(0).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(rows.get(0).get(0));
    }

    /** Every line with this key, each as its fields after the key. */
    public List<List<String>> all(String key) {
        return rows(key);
    }

    /** The second field of the first line whose first field is {@code name}, e.g. {@code cmd ufw 1}. */
    public Optional<String> lookup(String key, String name) {
        return all(key).stream()
                .filter(r -> r.size() >= 2 && r.get(0).equals(name))
                .map(r -> r.get(1))
                .findFirst();
    }

    public int lineCount() {
        return lineCount;
    }

    /**
     * Whether the probe ran commands on the validated system (false for a mounted image directory). Every rule may
     * ask: it describes the probe, not the system.
     */
    public boolean commandsCollected() {
        List<List<String>> rows = byKey.getOrDefault(COMMANDS, List.of());
        return rows.isEmpty() || rows.get(0).isEmpty() || "1".equals(rows.get(0).get(0));
    }

    /** Field {@code i} of a fact line, or the empty string when the line is shorter. */
    public static String field(List<String> row, int i) {
        return i < row.size() ? row.get(i) : "";
    }

    /** A numeric field, or 0 when it is not a number. */
    public static long number(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
