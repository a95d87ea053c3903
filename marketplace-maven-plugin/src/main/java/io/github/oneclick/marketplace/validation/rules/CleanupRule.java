package io.github.oneclick.marketplace.validation.rules;

import io.github.oneclick.marketplace.validation.Facts;
import io.github.oneclick.marketplace.validation.Rule;
import io.github.oneclick.marketplace.validation.Severity;
import io.github.oneclick.marketplace.validation.Upstream;
import java.util.List;

/** The outcome of the cleanup steps that ran before the probe ({@code marketplace.cleanup=true}). */
final class CleanupRule {
    private CleanupRule() {}

    static final Rule CLEANUP = Rule.id("MP-CLEANUP")
            .title("Cleanup steps of 90-cleanup.sh ran without error")
            .description("Only with `marketplace.cleanup=true`, never in a dry run: every cleanup step ran and the"
                    + " cleanup exited with 0.")
            .severity(Severity.FAIL)
            .upstream(Upstream.cleanup("90-cleanup.sh"))
            .comparison(
                    "Same: the cleanup runs with errexit like `90-cleanup.sh`; a FAIL names the step that" + " broke.")
            .facts("cleanup.step", "cleanup.exit")
            .fix("See the cleanup output above; fix the step or run it by hand, then validate again.")
            .appliesWhen(facts -> !facts.all("cleanup.exit").isEmpty()
                    || !facts.all("cleanup.step").isEmpty())
            .verdict((facts, out) -> {
                List<List<String>> steps = facts.all("cleanup.step");
                String lastStep = steps.isEmpty() ? "start" : Facts.field(steps.get(steps.size() - 1), 0);
                Integer exit =
                        facts.get("cleanup.exit").map(CleanupRule::exitCode).orElse(null);
                if (exit != null && exit == 0) {
                    out.pass("Cleanup (90-cleanup.sh steps) completed.");
                } else {
                    out.fail("Cleanup failed at step '" + lastStep + "' (exit " + (exit == null ? "unknown" : exit)
                                    + "); the image was only partly cleaned.")
                            .note("90-cleanup.sh runs with errexit and aborts the Packer build the same way");
                }
            });

    static final List<Rule> RULES = List.of(CLEANUP);

    private static int exitCode(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
