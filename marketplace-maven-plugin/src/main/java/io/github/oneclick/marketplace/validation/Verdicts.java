package io.github.oneclick.marketplace.validation;

import java.util.stream.Stream;

/** A report's tally of verdicts: what the console, JSON, JUnit and Markdown forms of a report count. */
public interface Verdicts {
    /** The verdict of each result, in report order. */
    Stream<Status> statuses();

    private long count(Status status) {
        return statuses().filter(status::equals).count();
    }

    default long passed() {
        return count(Status.PASS);
    }

    default long warnings() {
        return count(Status.WARN);
    }

    default long failures() {
        return count(Status.FAIL);
    }

    default long skipped() {
        return count(Status.SKIP);
    }
}
