package io.github.oneclick.marketplace.build;

import io.github.oneclick.vendor.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The vendor's provisioning scripts, in the order they run, checked before anything remote: each exists and is a
 * regular file (a link to one counts), and no two share a file name (each is uploaded under its name).
 *
 * @param files the scripts, in order
 */
public record Scripts(List<Path> files) {
    /** The setting this input comes from, in the library's terms. */
    public static final String SETTING = "scripts";

    public Scripts {
        files = List.copyOf(files);
    }

    /** The {@code *.sh} files of a directory (e.g. {@code src/marketplace/scripts}), sorted by name. */
    public static Scripts inDirectory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            throw new InvalidSettingException(
                    SETTING + ": the directory " + directory + " does not exist (or is not a directory). Put the"
                            + " provisioning scripts there as *.sh files (they run in name order: 10-install.sh,"
                            + " 20-configure.sh), or list them explicitly.",
                    SETTING);
        }
        List<Path> found;
        try (Stream<Path> list = Files.list(directory)) {
            found = list.filter(p -> name(p).endsWith(".sh"))
                    .sorted(Comparator.comparing(Scripts::name))
                    .toList();
        } catch (IOException e) {
            throw new InvalidSettingException(
                    SETTING + ": cannot list " + directory + " (" + e.getMessage() + ")", e, SETTING);
        }
        return of(found);
    }

    /** These scripts, in this order. */
    public static Scripts of(List<Path> scripts) {
        Objects.requireNonNull(scripts, "scripts");
        Set<String> names = new HashSet<>();
        List<Path> checked = new ArrayList<>();
        for (Path script : scripts) {
            Objects.requireNonNull(script, "script");
            if (!Files.isRegularFile(script)) {
                throw new InvalidSettingException(
                        SETTING + ": " + script
                                + (Files.exists(script) ? " is not a regular file" : " does not exist")
                                + ". List existing script files.",
                        SETTING);
            }
            String name = name(script);
            if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\'')) {
                throw new InvalidSettingException(
                        SETTING + ": the script name '" + name.replaceAll("\\p{Cntrl}", "?")
                                + "' has a quote or control character; rename it.",
                        SETTING);
            }
            if (!names.add(name)) {
                throw new InvalidSettingException(
                        SETTING + ": two scripts are named " + name + "; rename one (each runs under its name).",
                        SETTING);
            }
            checked.add(script);
        }
        return new Scripts(checked);
    }

    /** The file name a script runs under. */
    static String name(Path script) {
        Path name = script.getFileName();
        return name == null ? script.toString() : name.toString();
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }
}
