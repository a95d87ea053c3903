package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.Durations;
import io.github.oneclick.vendor.InvalidSettingException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@link SnapshotWorkflow} should do. Immutable; build one with {@link #builder()}, whose setters check their
 * input at once and whose {@link Builder#build()} checks the combination, both with an
 * {@link IllegalArgumentException} that names the offending field.
 *
 * <p>Defaults: shutdown timeout 3 min (then {@code power_off}), snapshot timeout 3 min per GB of the disk in use (or,
 * when that is not given, of the droplet's whole disk) plus 10 min, never below 60 min, transfer timeout 30 min,
 * busy timeout 10 min (waiting for another action on the droplet, or for a "pending event" to clear), listing timeout
 * 2 min (waiting for the new snapshot to show in the droplet's snapshot list), polls every 2 s growing to 10 s,
 * progress every 30 s, no transfer, droplet left off. With {@link Builder#diskUsedGb} the snapshot is polled on
 * {@link PollSchedule#forSnapshot}: sparsely before 1 min per GB, every 5 s from then on.
 *
 * <pre>{@code
 * SnapshotRequest request = SnapshotRequest.builder()
 *         .dropletName("wordpress-build")
 *         .defaultName("wordpress-1click", "6.8.1")   // wordpress-1click-6.8.1-20260301-101500
 *         .transferRegions(List.of("ams3", "sgp1"))
 *         .build();
 * }</pre>
 */
public final class SnapshotRequest {
    /**
     * The longest snapshot name accepted. DigitalOcean's API specification gives no maximum for a snapshot's name
     * (the {@code name} of the {@code snapshot} droplet action is a plain string), so names are held to 255
     * characters, the common limit of a name column, and DigitalOcean still has the last word.
     */
    public static final int MAX_NAME_LENGTH = 255;

    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofMinutes(3);
    public static final Duration DEFAULT_SNAPSHOT_TIMEOUT = Duration.ofMinutes(60);
    public static final Duration DEFAULT_TRANSFER_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_LISTING_TIMEOUT = Duration.ofMinutes(2);
    /** Added to the slowest expected snapshot (3 min per GB) for the default snapshot timeout. */
    public static final Duration SNAPSHOT_TIMEOUT_MARGIN = Duration.ofMinutes(10);

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{1,31}");

    private final DropletSelection selection;
    private final String snapshotName;
    private final Duration shutdownTimeout;
    private final Duration snapshotTimeout;
    private final Double diskUsedGb;
    private final Long resumeActionId;
    private final Duration transferTimeout;
    private final Duration busyTimeout;
    private final Duration listingTimeout;
    private final PollInterval pollInterval;
    private final Duration progressInterval;
    private final List<String> transferRegions;
    private final boolean powerOnAfter;
    private final boolean destroyDroplet;
    private final boolean dryRun;

    private SnapshotRequest(Builder b, DropletSelection selection, String name) {
        this.selection = selection;
        this.snapshotName = name;
        this.shutdownTimeout = b.shutdownTimeout;
        this.snapshotTimeout = b.snapshotTimeout;
        this.diskUsedGb = b.diskUsedGb;
        this.resumeActionId = b.resumeActionId;
        this.transferTimeout = b.transferTimeout;
        this.busyTimeout = b.busyTimeout;
        this.listingTimeout = b.listingTimeout;
        this.pollInterval = b.pollInterval;
        this.progressInterval = b.progressInterval;
        this.transferRegions = List.copyOf(b.transferRegions);
        this.powerOnAfter = b.powerOnAfter;
        this.destroyDroplet = b.destroyDroplet;
        this.dryRun = b.dryRun;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The default snapshot name: {@code <artifactId>-<version>-<yyyyMMdd-HHmmss>} in UTC. */
    public static String defaultSnapshotName(String artifactId, String version, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return requireText(artifactId, "artifactId") + "-" + requireText(version, "version") + "-"
                + STAMP.format(clock.instant());
    }

    /** Which droplet is snapshotted. */
    public DropletSelection selection() {
        return selection;
    }

    /** The droplet id, or {@code null} when the droplet is selected by name or tag. */
    public Long dropletId() {
        return selection.dropletId();
    }

    /** The droplet name (matched exactly, case-insensitively, by the API), or {@code null}. */
    public String dropletName() {
        return selection.dropletName();
    }

    /** The tag that must select exactly one droplet, or {@code null}. */
    public String dropletTag() {
        return selection.dropletTag();
    }

    /** How the droplet is selected, for messages: {@code dropletId=123}, {@code dropletName=build}... */
    public String selector() {
        return selection.describe();
    }

    /** The name the new snapshot gets. */
    public String snapshotName() {
        return snapshotName;
    }

    /** Bound of the graceful shutdown, and again of the {@code power_off} that follows if it fails. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * Bound of the snapshot wait: the one set, or else the default for the disk in use ({@code 60 min} when that is
     * not known either). The workflow, which knows the droplet, uses {@link #snapshotTimeout(Integer)}.
     */
    public Duration snapshotTimeout() {
        return snapshotTimeout(null);
    }

    /**
     * Bound of the snapshot wait on a droplet with a disk of {@code dropletDiskGb} GB: the one set, or else
     * {@link #defaultSnapshotTimeout} of the disk in use, or of the droplet's disk when that is not given.
     *
     * @param dropletDiskGb the droplet's disk size, or {@code null} if not known
     */
    public Duration snapshotTimeout(Integer dropletDiskGb) {
        if (snapshotTimeout != null) {
            return snapshotTimeout;
        }
        if (diskUsedGb != null) {
            return defaultSnapshotTimeout(diskUsedGb);
        }
        return dropletDiskGb != null && dropletDiskGb > 0
                ? defaultSnapshotTimeout(dropletDiskGb)
                : DEFAULT_SNAPSHOT_TIMEOUT;
    }

    /** Whether the snapshot timeout was set, rather than derived from the disk. */
    public boolean snapshotTimeoutSet() {
        return snapshotTimeout != null;
    }

    /**
     * The default snapshot timeout for {@code gb} GB: 3 min per GB (the slowest rate DigitalOcean quotes) plus
     * {@link #SNAPSHOT_TIMEOUT_MARGIN}, never below {@link #DEFAULT_SNAPSHOT_TIMEOUT}.
     */
    public static Duration defaultSnapshotTimeout(double gb) {
        Duration scaled = PollSchedule.slowestSnapshot(gb).plus(SNAPSHOT_TIMEOUT_MARGIN);
        return scaled.compareTo(DEFAULT_SNAPSHOT_TIMEOUT) > 0 ? scaled : DEFAULT_SNAPSHOT_TIMEOUT;
    }

    /** The disk in use on the droplet in GB, as given, or {@code null}. */
    public Double diskUsedGb() {
        return diskUsedGb;
    }

    /**
     * The snapshot's poll schedule, {@link PollSchedule#forSnapshot} of the disk in use, or {@code null} when that
     * is not given (then the snapshot is polled at {@link #pollInterval()}).
     */
    public PollSchedule snapshotSchedule() {
        return diskUsedGb == null ? null : PollSchedule.forSnapshot(diskUsedGb);
    }

    /** The snapshot action a timed-out run left in progress, to wait for instead of taking a snapshot; or null. */
    public Long resumeActionId() {
        return resumeActionId;
    }

    /** Bound of all image transfers together. */
    public Duration transferTimeout() {
        return transferTimeout;
    }

    /** Bound of waiting for another action on the droplet, before starting and on each "pending event" refusal. */
    public Duration busyTimeout() {
        return busyTimeout;
    }

    /** Bound of waiting for the new snapshot to show in the droplet's snapshot list after the action completed. */
    public Duration listingTimeout() {
        return listingTimeout;
    }

    public PollInterval pollInterval() {
        return pollInterval;
    }

    /** How often a long wait reports its elapsed time. */
    public Duration progressInterval() {
        return progressInterval;
    }

    /** Regions to copy the image to, besides the droplet's own, deduplicated, lower case. */
    public List<String> transferRegions() {
        return transferRegions;
    }

    public boolean powerOnAfter() {
        return powerOnAfter;
    }

    public boolean destroyDroplet() {
        return destroyDroplet;
    }

    /** Resolve the droplet and report the plan, without posting any action or deleting anything. */
    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public String toString() {
        return "SnapshotRequest[" + selector() + ", snapshotName=" + snapshotName + ", shutdownTimeout="
                + Durations.describe(shutdownTimeout) + ", snapshotTimeout="
                + (snapshotTimeout == null ? "scaled to the disk" : Durations.describe(snapshotTimeout))
                + (diskUsedGb == null ? "" : ", diskUsedGb=" + diskUsedGb)
                + (resumeActionId == null ? "" : ", resumeActionId=" + resumeActionId)
                + ", pollInterval=" + Durations.describe(pollInterval.initial()) + ".."
                + Durations.describe(pollInterval.max()) + ", transferRegions=" + transferRegions + ", powerOnAfter="
                + powerOnAfter + ", destroyDroplet=" + destroyDroplet + ", dryRun=" + dryRun
                + "]";
    }

    /** Builds a {@link SnapshotRequest}. */
    public static final class Builder {
        private Long dropletId;
        private String dropletName;
        private String dropletTag;
        private String snapshotName;
        private String artifactId;
        private String version;
        private Clock clock = Clock.systemUTC();
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private Duration snapshotTimeout;
        private Double diskUsedGb;
        private Long resumeActionId;
        private Duration transferTimeout = DEFAULT_TRANSFER_TIMEOUT;
        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
        private Duration listingTimeout = DEFAULT_LISTING_TIMEOUT;
        private PollInterval pollInterval = PollInterval.DEFAULT;
        private Duration progressInterval = ActionWaiter.DEFAULT_PROGRESS_PERIOD;
        private List<String> transferRegions = List.of();
        private boolean powerOnAfter;
        private boolean destroyDroplet;
        private boolean dryRun;

        private Builder() {}

        /** Selects the droplet by id. Exactly one of id, name and tag must be set. */
        public Builder dropletId(long id) {
            if (id <= 0) {
                throw new InvalidSettingException("dropletId must be a positive number, was " + id, "dropletId");
            }
            this.dropletId = id;
            return this;
        }

        /** Selects the droplet by its exact name; the name must match exactly one droplet. */
        public Builder dropletName(String name) {
            this.dropletName = requireText(name, "dropletName");
            return this;
        }

        /** Selects the droplet by tag; the tag must be on exactly one droplet. */
        public Builder dropletTag(String tag) {
            this.dropletTag = requireText(tag, "dropletTag");
            return this;
        }

        /** The snapshot's name; without it the name is built from {@link #defaultName}. */
        public Builder snapshotName(String name) {
            this.snapshotName = validName(name, "snapshotName");
            return this;
        }

        /**
         * The parts of the default name {@code <artifactId>-<version>-<yyyyMMdd-HHmmss>} (UTC, read from the clock
         * when {@link #build()} runs).
         */
        public Builder defaultName(String artifactId, String version) {
            this.artifactId = requireText(artifactId, "artifactId");
            this.version = requireText(version, "version");
            return this;
        }

        /** The clock for the default name's timestamp; the system UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = Durations.requirePositive(timeout, "shutdownTimeout");
            return this;
        }

        public Builder snapshotTimeout(Duration timeout) {
            this.snapshotTimeout = Durations.requirePositive(timeout, "snapshotTimeout");
            return this;
        }

        /**
         * The disk in use on the droplet, in GB, such as {@code df} reports it. The snapshot is then expected to take
         * 1 to 3 minutes per GB: it is polled sparsely before 1 min per GB and every 5 s from then on, and the
         * default snapshot timeout is 3 min per GB plus 10 min. Without it the droplet's whole disk bounds the
         * timeout and the snapshot is polled at the poll interval.
         */
        public Builder diskUsedGb(double gb) {
            if (!(gb > 0) || Double.isInfinite(gb)) {
                throw new InvalidSettingException(
                        "diskUsedGb must be a positive number of GB, was " + gb, "diskUsedGb");
            }
            this.diskUsedGb = gb;
            return this;
        }

        /**
         * Waits for this snapshot action, left in progress by an earlier run that timed out, instead of taking a
         * snapshot. The action must be a snapshot of the selected droplet. Without it, a snapshot action found in
         * progress on the droplet is resumed too.
         */
        public Builder resumeActionId(long actionId) {
            if (actionId <= 0) {
                throw new InvalidSettingException(
                        "resumeActionId must be a positive number, was " + actionId, "resumeActionId");
            }
            this.resumeActionId = actionId;
            return this;
        }

        public Builder transferTimeout(Duration timeout) {
            this.transferTimeout = Durations.requirePositive(timeout, "transferTimeout");
            return this;
        }

        public Builder busyTimeout(Duration timeout) {
            this.busyTimeout = Durations.requirePositive(timeout, "busyTimeout");
            return this;
        }

        public Builder listingTimeout(Duration timeout) {
            this.listingTimeout = Durations.requirePositive(timeout, "listingTimeout");
            return this;
        }

        /** The first poll interval and the largest; it grows by half each poll in between. */
        public Builder pollInterval(Duration initial, Duration max) {
            Durations.requirePositive(initial, "pollInterval");
            Durations.requirePositive(max, "maxPollInterval");
            this.pollInterval = PollInterval.of(initial, max);
            return this;
        }

        public Builder pollInterval(PollInterval interval) {
            this.pollInterval = Objects.requireNonNull(interval, "pollInterval");
            return this;
        }

        /** How often a long wait reports its elapsed time; 30 s by default. */
        public Builder progressInterval(Duration interval) {
            this.progressInterval = Durations.requirePositive(interval, "progressInterval");
            return this;
        }

        /** Regions to copy the new image to. The droplet's own region is skipped. */
        public Builder transferRegions(List<String> regions) {
            Objects.requireNonNull(regions, "transferRegions");
            Set<String> clean = new LinkedHashSet<>();
            for (String region : regions) {
                if (region == null || region.isBlank()) {
                    throw new InvalidSettingException(
                            "transferRegions must not contain a blank region", "transferRegions");
                }
                String slug = region.strip().toLowerCase(Locale.ROOT);
                if (!REGION.matcher(slug).matches()) {
                    throw new InvalidSettingException(
                            "transferRegions: '" + region + "' is not a region slug such" + " as nyc3 or ams3",
                            "transferRegions");
                }
                clean.add(slug);
            }
            this.transferRegions = new ArrayList<>(clean);
            return this;
        }

        /** Power the droplet back on after the snapshot. Not with {@link #destroyDroplet}. */
        public Builder powerOnAfter(boolean powerOn) {
            this.powerOnAfter = powerOn;
            return this;
        }

        /** Destroy the droplet after the snapshot (and transfers). Never done unless asked. */
        public Builder destroyDroplet(boolean destroy) {
            this.destroyDroplet = destroy;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Checks the combination and builds the request. */
        public SnapshotRequest build() {
            DropletSelection selection = new DropletSelection(dropletId, dropletName, dropletTag);
            String name = snapshotName;
            if (name == null) {
                if (artifactId == null || version == null) {
                    throw new InvalidSettingException(
                            "snapshotName: set a snapshot name, or the artifact id and"
                                    + " version for the default name <artifactId>-<version>-<yyyyMMdd-HHmmss>",
                            "snapshotName");
                }
                name = validName(defaultSnapshotName(artifactId, version, clock), "snapshotName");
            }
            if (powerOnAfter && destroyDroplet) {
                throw new InvalidSettingException(
                        "powerOnAfter, destroyDroplet: choose one; a destroyed droplet" + " cannot be powered on",
                        "powerOnAfter",
                        "destroyDroplet");
            }
            return new SnapshotRequest(this, selection, name);
        }
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(field + " must not be blank", field);
        }
        return value.strip();
    }

    private static String validName(String value, String field) {
        String name = requireText(value, field);
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidSettingException(
                    field + " must be at most " + MAX_NAME_LENGTH + " characters, was " + name.length() + " ('"
                            + name.substring(0, 40) + "...')",
                    field);
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidSettingException(
                    field + " must not contain control characters such as line breaks", field);
        }
        return name;
    }
}
