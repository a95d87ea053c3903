package io.github.oneclick.marketplace.validation;

import io.github.oneclick.marketplace.validation.rules.RuleRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a validation runs.
 *
 * @param cleanup run the 90-cleanup.sh steps before the probe (never in a dry run)
 * @param refreshPackageIndex refresh the security suites' package indexes (all indexes when no source is one, as
 *     upstream) before counting security updates
 * @param dryRun never change the target: no cleanup
 * @param skipChecks rule ids to skip; each is reported as skipped
 * @param additionalReleases extra {@code OS name:release} entries for the supported OS table
 * @param failOnWarning treat any WARN as a failure of the goal
 */
public record ValidationOptions(
        boolean cleanup,
        boolean refreshPackageIndex,
        boolean dryRun,
        Set<String> skipChecks,
        List<String> additionalReleases,
        boolean failOnWarning) {

    public ValidationOptions {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : skipChecks == null ? Set.<String>of() : skipChecks) {
            if (id == null || id.isBlank()) {
                continue;
            }
            Rule rule = RuleRegistry.byId(id)
                    .orElseThrow(() -> new IllegalArgumentException("marketplace.skipChecks:" + " '" + id.trim()
                            + "' is not a rule id. Valid ids: " + RuleRegistry.validIds()));
            ids.add(rule.id());
        }
        skipChecks = Set.copyOf(ids);
        additionalReleases = List.copyOf(additionalReleases == null ? List.of() : additionalReleases);
        SupportedReleases.withAdditional(additionalReleases); // validates the entries eagerly
    }

    /** Cleanup runs only when asked for and not in a dry run. */
    public boolean runsCleanup() {
        return cleanup && !dryRun;
    }

    public boolean skips(Rule rule) {
        return skipChecks.contains(rule.id());
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ValidationOptions defaults() {
        return builder().build();
    }

    /** Builder with the goal's defaults: no cleanup, refresh the package index, no dry run, nothing skipped. */
    public static final class Builder {
        private boolean cleanup;
        private boolean refreshPackageIndex = true;
        private boolean dryRun;
        private final Set<String> skipChecks = new LinkedHashSet<>();
        private final List<String> additionalReleases = new ArrayList<>();
        private boolean failOnWarning;

        public Builder cleanup(boolean cleanup) {
            this.cleanup = cleanup;
            return this;
        }

        public Builder refreshPackageIndex(boolean refreshPackageIndex) {
            this.refreshPackageIndex = refreshPackageIndex;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public Builder skipChecks(Collection<String> ids) {
            if (ids != null) {
                ids.forEach(id -> skipChecks.add(id == null ? null : id.trim().toUpperCase(Locale.ROOT)));
            }
            return this;
        }

        public Builder skipCheck(String id) {
            return skipChecks(List.of(id));
        }

        public Builder additionalReleases(Collection<String> releases) {
            if (releases != null) {
                additionalReleases.addAll(releases);
            }
            return this;
        }

        public Builder failOnWarning(boolean failOnWarning) {
            this.failOnWarning = failOnWarning;
            return this;
        }

        public ValidationOptions build() {
            Set<String> ids = new LinkedHashSet<>(skipChecks);
            ids.remove(null);
            return new ValidationOptions(cleanup, refreshPackageIndex, dryRun, ids, additionalReleases, failOnWarning);
        }
    }
}
