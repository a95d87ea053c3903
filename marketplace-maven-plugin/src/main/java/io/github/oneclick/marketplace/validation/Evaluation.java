package io.github.oneclick.marketplace.validation;

import java.util.List;

/**
 * What the rules made of one probe's facts.
 *
 * @param rules the rules that applied to this run, in report order (a rule that does not apply, such as the cleanup
 *     rule without cleanup, is absent); each has results below unless it found nothing to report
 * @param results the report lines, in report order
 */
public record Evaluation(List<Rule> rules, List<CheckResult> results) {
    public Evaluation {
        rules = List.copyOf(rules);
        results = List.copyOf(results);
    }
}
