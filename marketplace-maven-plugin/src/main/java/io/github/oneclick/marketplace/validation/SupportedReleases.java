package io.github.oneclick.marketplace.validation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The supported operating system table: data from {@code supported-releases.tsv}, extendable with
 * {@code additionalReleases} entries of the form {@code OS name:release}. Release matching is anchored.
 */
public final class SupportedReleases {

    /** One operating system and its accepted releases. */
    public record Entry(String name, boolean prefixName, String releaseMatch, Set<String> releases) {
        public Entry {
            releases = Set.copyOf(releases);
        }

        boolean matchesName(String osName) {
            return prefixName ? osName.startsWith(name) : osName.equals(name);
        }

        /** Whether this OS accepts the release ({@code VERSION_ID}), matched as {@code releaseMatch} says. */
        public boolean accepts(String version) {
            for (String release : releases) {
                switch (releaseMatch) {
                    case "major":
                        if (Pattern.compile("^" + Pattern.quote(release) + "(\\..*)?$")
                                .matcher(version)
                                .matches()) {
                            return true;
                        }
                        break;
                    case "major-dot":
                        if (Pattern.compile("^" + Pattern.quote(release) + "\\..*$")
                                .matcher(version)
                                .matches()) {
                            return true;
                        }
                        break;
                    default:
                        if (release.equals(version)) {
                            return true;
                        }
                }
            }
            return false;
        }
    }

    private final List<Entry> entries;

    private SupportedReleases(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The built-in table plus the given {@code OS name:release} entries. */
    public static SupportedReleases withAdditional(Collection<String> additionalReleases) {
        List<Entry> entries = new ArrayList<>(builtIn());
        for (String item : additionalReleases) {
            String value = item == null ? "" : item.trim();
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new IllegalArgumentException("marketplace.additionalReleases entry '" + item
                        + "' is not of the form 'OS name:release' (the OS name as in /etc/os-release NAME), e.g."
                        + " 'Ubuntu:26.04' or 'CentOS Stream:10'");
            }
            String name = value.substring(0, colon).trim();
            String release = value.substring(colon + 1).trim();
            boolean merged = false;
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                if (e.name().equals(name)) {
                    Set<String> releases = new LinkedHashSet<>(e.releases());
                    releases.add(release);
                    entries.set(i, new Entry(e.name(), e.prefixName(), e.releaseMatch(), releases));
                    merged = true;
                }
            }
            if (!merged) {
                entries.add(new Entry(name, false, "exact", Set.of(release)));
            }
        }
        return new SupportedReleases(entries);
    }

    static List<Entry> builtIn() {
        List<Entry> entries = new ArrayList<>();
        InputStream in = SupportedReleases.class.getResourceAsStream("supported-releases.tsv");
        if (in == null) {
            throw new IllegalStateException("supported-releases.tsv is missing from the plugin");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                entries.add(new Entry(
                        f[0],
                        "prefix".equals(f[1]),
                        f[2],
                        new LinkedHashSet<>(List.of(f[3].trim().split(" +")))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** The entry for an OS name ({@code NAME} of os-release), if the OS is supported at all. */
    public Optional<Entry> find(String osName) {
        return entries.stream().filter(e -> e.matchesName(osName)).findFirst();
    }
}
