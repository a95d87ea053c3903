package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.InvalidSettingException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of one pipeline run, such as {@code 20261202t161100z-7f3a9c}: the UTC time it started and six random hex
 * digits. Everything a run creates carries it, so that the run deletes what it made, and a later run can find what a
 * killed one left behind ({@link LeftoversWorkflow}):
 *
 * <ul>
 *   <li>droplets carry the tags {@value #MARKER_TAG} and {@link #dropletTag()} ({@code oneclick-run:<id>});</li>
 *   <li>account SSH keys, which have no tags, are named {@link #keyName()} ({@code oneclick-marketplace-<id>}).</li>
 * </ul>
 *
 * <p>The start time in the id tells a leftover's age without any other read (DigitalOcean gives SSH keys no creation
 * time).
 */
public record RunId(String value) {
    /** The tag on every droplet a run creates, whatever the run. */
    public static final String MARKER_TAG = "oneclick-marketplace";
    /** The prefix of {@link #dropletTag()}. */
    public static final String RUN_TAG_PREFIX = "oneclick-run:";
    /** The prefix of {@link #keyName()}. */
    public static final String KEY_NAME_PREFIX = "oneclick-marketplace-";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMdd't'HHmmss'z'", Locale.ROOT);
    private static final Pattern FORMAT = Pattern.compile("(\\d{8}t\\d{6}z)-([0-9a-f]{6})");

    public RunId {
        Objects.requireNonNull(value, "value");
        Matcher m = FORMAT.matcher(value);
        if (!m.matches() || !parsesAsTime(m.group(1))) {
            throw new InvalidSettingException(
                    "runId '" + value + "' is not a run id: it reads like 20261202t161100z-7f3a9c (the UTC start time"
                            + " and six hex digits), as a run prints it",
                    "runId");
        }
    }

    /** A new id for a run starting now. */
    public static RunId generate(Clock clock) {
        return generate(clock, new SecureRandom());
    }

    static RunId generate(Clock clock, RandomGenerator random) {
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        byte[] suffix = new byte[3];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = (byte) random.nextInt(256);
        }
        return new RunId(TIME.format(now) + "-" + HexFormat.of().formatHex(suffix));
    }

    /** When the run started, to the second. */
    public Instant startedAt() {
        return LocalDateTime.parse(value.substring(0, value.indexOf('-')), TIME).toInstant(ZoneOffset.UTC);
    }

    /** The tag that marks this run's droplets, {@code oneclick-run:<id>}. */
    public String dropletTag() {
        return RUN_TAG_PREFIX + value;
    }

    /** The name of this run's account SSH key, {@code oneclick-marketplace-<id>}. */
    public String keyName() {
        return KEY_NAME_PREFIX + value;
    }

    /** The run whose droplet carries these tags, if one of them is a run tag. */
    public static Optional<RunId> fromTags(Collection<String> tags) {
        return tags == null
                ? Optional.empty()
                : tags.stream()
                        .filter(t -> t != null && t.startsWith(RUN_TAG_PREFIX))
                        .map(t -> t.substring(RUN_TAG_PREFIX.length()))
                        .flatMap(v -> parse(v).stream())
                        .findFirst();
    }

    /** The run whose key has this name, if it is a run's key name. */
    public static Optional<RunId> fromKeyName(String name) {
        return name != null && name.startsWith(KEY_NAME_PREFIX)
                ? parse(name.substring(KEY_NAME_PREFIX.length()))
                : Optional.empty();
    }

    private static Optional<RunId> parse(String value) {
        Matcher m = FORMAT.matcher(value);
        return m.matches() && parsesAsTime(m.group(1)) ? Optional.of(new RunId(value)) : Optional.empty();
    }

    private static boolean parsesAsTime(String time) {
        try {
            LocalDateTime.parse(time, TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
