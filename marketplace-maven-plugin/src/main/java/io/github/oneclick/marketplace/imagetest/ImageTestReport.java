package io.github.oneclick.marketplace.imagetest;

import io.github.oneclick.marketplace.validation.Status;
import io.github.oneclick.marketplace.validation.Verdicts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The immutable outcome of one image test: what was tested, where, and each check. The test fails on any FAIL; a WARN
 * (a first boot with recoverable errors) is reported and does not fail it.
 *
 * @param subject the image and the droplet made from it
 * @param target where the checks ran, such as {@code root@203.0.113.7:22}
 * @param executedAt when the checks ended
 * @param checks each check, in order
 */
public record ImageTestReport(Subject subject, String target, Instant executedAt, List<ImageCheck> checks)
        implements Verdicts {

    /**
     * What an image test is about.
     *
     * @param imageId the new image
     * @param imageName its name
     * @param dropletId the droplet made from it for the test
     * @param region the droplet's region
     * @param size the droplet's size: the smallest the image fits, unless set
     */
    public record Subject(long imageId, String imageName, long dropletId, String region, String size) {
        public Subject {
            Objects.requireNonNull(imageName, "imageName");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(size, "size");
        }
    }

    public ImageTestReport {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(executedAt, "executedAt");
        checks = List.copyOf(checks);
    }

    @Override
    public Stream<Status> statuses() {
        return checks.stream().map(ImageCheck::status);
    }

    /** Whether the image failed its test: any FAIL. */
    public boolean failed() {
        return failures() > 0;
    }

    /** One line per failure: {@code [FAIL] id[subject]: message}. */
    public List<String> failureSummary() {
        return checks.stream()
                .filter(c -> c.status() == Status.FAIL)
                .map(c -> c.status().tag() + " " + c.name() + ": " + c.message())
                .toList();
    }

    /** The console report. */
    public List<String> consoleLines() {
        List<String> lines = new ArrayList<>();
        lines.add("Image test of image " + subject.imageId() + " (" + subject.imageName() + ") on droplet "
                + subject.dropletId() + " (" + subject.size() + ", " + subject.region() + "), " + target + ":");
        for (ImageCheck c : checks) {
            lines.add(c.status().tag() + " " + c.name() + ": " + c.message());
            c.details().forEach(d -> lines.add("       " + d));
            if (c.fix() != null) {
                lines.add("       Fix: " + c.fix());
            }
        }
        lines.add(passed() + " passed, " + warnings() + " warnings, " + failures() + " failed: the image "
                + (failed() ? "FAILED its test." : "passed its test."));
        return lines;
    }
}
