package io.github.oneclick.marketplace.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts a probe printed, by key. Each fact line is {@code key<TAB>field...}; a key may repeat (one line per
 * user, file, package).
 */
public final class Facts {
    /** The probe output format this engine reads. */
    public static final int FORMAT = 1;
    static final String BEGIN = "MP-PROBE BEGIN ";
    static final String END = "MP-PROBE END ";

    private final Map<String, List<List<String>>> byKey;
    private final int lineCount;

    private Facts(Map<String, List<List<String>>> byKey, int lineCount) {
        this.byKey = byKey;
        this.lineCount = lineCount;
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
        int i = 0;
        while (i < lines.length && !lines[i].startsWith(BEGIN)) {
            i++;
        }
        if (i == lines.length) {
            throw new ProbeOutputException("the probe printed no begin marker", false);
        }
        String version = lines[i].substring(BEGIN.length()).trim();
        if (!String.valueOf(FORMAT).equals(version)) {
            throw new ProbeOutputException("probe output format " + version + " is not format " + FORMAT, false);
        }
        Map<String, List<List<String>>> byKey = new LinkedHashMap<>();
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
                    throw new ProbeOutputException("the probe announced " + expected + " fact lines but " + count
                            + " arrived", true);
                }
                return new Facts(byKey, count);
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
        throw new ProbeOutputException("the output ended after " + count + " fact lines without the end marker",
                true);
    }

    /** The first field of the first line with this key. */
    public Optional<String> get(String key) {
        List<List<String>> rows = byKey.get(key);
        if (rows == null || rows.isEmpty() || rows.get(0).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(rows.get(0).get(0));
    }

    /** Every line with this key, each as its fields after the key. */
    public List<List<String>> all(String key) {
        return byKey.getOrDefault(key, List.of());
    }

    /** The second field of the first line whose first field is {@code name}, e.g. {@code cmd ufw 1}. */
    public Optional<String> lookup(String key, String name) {
        return all(key).stream().filter(r -> r.size() >= 2 && r.get(0).equals(name)).map(r -> r.get(1)).findFirst();
    }

    public int lineCount() {
        return lineCount;
    }

    /** Whether the probe ran commands on the validated system (false for a mounted image directory). */
    public boolean commandsCollected() {
        return "1".equals(get("probe.commands").orElse("1"));
    }
}
