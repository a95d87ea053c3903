package io.github.oneclick.marketplace.validation.rules;

import io.github.oneclick.marketplace.validation.Rule;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every rule, in report order: the cleanup outcome, then the checks in the order of 99-img-check.sh v1.8.1 (each
 * topic file lists its rules in order, with the stricter ones next to the upstream check they extend), then the
 * recommendations upstream never checks. A new rule goes into its topic file's list; nothing else registers it.
 */
public final class RuleRegistry {
    private static final List<Rule> ALL = Stream.of(
                    CleanupRule.RULES,
                    OperatingSystemRules.RULES,
                    CloudInitRules.RULES,
                    SshRules.RULES,
                    FirewallRules.RULES,
                    UpdateRules.RULES,
                    LogRules.RULES,
                    AccountRules.RULES,
                    ImageRules.RULES)
            .flatMap(List::stream)
            .toList();

    static {
        Set<String> ids = new HashSet<>();
        for (Rule rule : ALL) {
            if (!ids.add(rule.id())) {
                throw new IllegalStateException("two rules have the id " + rule.id());
            }
        }
    }

    private RuleRegistry() {}

    /** Every rule, in report order. */
    public static List<Rule> all() {
        return List.copyOf(ALL); // ALL is unmodifiable already: no copy is made
    }

    /** The rule with this id (case and surrounding blanks ignored). */
    public static Optional<Rule> byId(String id) {
        String wanted = id == null ? "" : id.strip().toUpperCase(Locale.ROOT);
        return ALL.stream().filter(r -> r.id().equals(wanted)).findFirst();
    }

    /** All ids, comma-separated, for messages. */
    public static String validIds() {
        return ALL.stream().map(Rule::id).collect(Collectors.joining(", "));
    }
}
