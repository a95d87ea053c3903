package io.github.oneclick.marketplace.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A probe output from src/test/resources/facts, edited per test (the end marker's count is kept right). */
final class FactFile {
    private final List<String> facts;

    private FactFile(List<String> facts) {
        this.facts = facts;
    }

    static FactFile load(String name) {
        try (InputStream in = FactFile.class.getResourceAsStream("/facts/" + name + ".facts")) {
            if (in == null) {
                throw new IllegalArgumentException("no fact file " + name);
            }
            List<String> lines = new ArrayList<>();
            boolean inside = false;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("MP-PROBE BEGIN")) {
                    inside = true;
                } else if (line.startsWith("MP-PROBE END")) {
                    inside = false;
                } else if (inside) {
                    lines.add(line);
                }
            }
            return new FactFile(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds fact lines; fields are separated by spaces here for readability and become tabs. */
    FactFile with(String... lines) {
        List<String> copy = new ArrayList<>(facts);
        for (String line : lines) {
            copy.add(line.replace(" | ", "\t"));
        }
        return new FactFile(copy);
    }

    /** Removes the fact lines that start with the given key and first fields (tab-separated, " | " accepted). */
    FactFile without(String prefix) {
        String p = prefix.replace(" | ", "\t");
        List<String> copy = new ArrayList<>(facts);
        copy.removeIf(l -> l.equals(p) || l.startsWith(p + "\t"));
        return new FactFile(copy);
    }

    /** Replaces the lines starting with the new line's key and first field... simply: without(prefix) + with(line). */
    FactFile replace(String prefix, String line) {
        return without(prefix).with(line);
    }

    String output() {
        return "MP-PROBE BEGIN 1\n" + String.join("\n", facts) + "\nMP-PROBE END 1 " + facts.size() + "\n";
    }

    Facts facts() {
        try {
            return Facts.parse(output());
        } catch (Facts.ProbeOutputException e) {
            throw new IllegalStateException(e);
        }
    }

    List<CheckResult> evaluate() {
        return evaluate(ValidationOptions.defaults());
    }

    List<CheckResult> evaluate(ValidationOptions options) {
        return evaluation(options).results();
    }

    /** The registered rules applied to these facts. */
    Evaluation evaluation(ValidationOptions options) {
        return RuleEngine.evaluate(facts(), options);
    }
}
