package io.github.oneclick.marketplace.validation;

import io.github.oneclick.marketplace.validation.rules.RuleRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies rules to facts, in the order given. For each rule that applies: a rule skipped by configuration, or whose
 * facts were not collected on this machine, is reported once as {@code [SKIP]}; otherwise its verdict runs, once
 * ({@link Scope#SYSTEM}) or once per user ({@link Scope#USER}, consecutive user rules together, user by user).
 */
final class RuleEngine {
    /** Accounts with UID 1000 or more that 99-img-check.sh v1.8.1 leaves out. */
    private static final Set<String> NOT_USERS = Set.of("nobody", "nfsnobody", "centos");

    private final Facts facts;
    private final ValidationOptions options;
    private final SupportedReleases releases;
    private final List<Rule> applied = new ArrayList<>();
    private final List<CheckResult> results = new ArrayList<>();

    private RuleEngine(Facts facts, ValidationOptions options) {
        this.facts = facts;
        this.options = options;
        this.releases = SupportedReleases.withAdditional(options.additionalReleases());
    }

    /** Applies the registered rules ({@link RuleRegistry#all()}). */
    static Evaluation evaluate(Facts facts, ValidationOptions options) {
        return evaluate(RuleRegistry.all(), facts, options);
    }

    static Evaluation evaluate(List<Rule> rules, Facts facts, ValidationOptions options) {
        RuleEngine engine = new RuleEngine(facts, options);
        int i = 0;
        while (i < rules.size()) {
            if (rules.get(i).scope() == Scope.SYSTEM) {
                engine.system(rules.get(i));
                i++;
            } else {
                int end = i;
                while (end < rules.size() && rules.get(end).scope() == Scope.USER) {
                    end++;
                }
                engine.users(rules.subList(i, end));
                i = end;
            }
        }
        return new Evaluation(engine.applied, engine.results);
    }

    private void system(Rule rule) {
        if (ready(rule)) {
            Results out = new Results(rule, null, releases);
            rule.judge(facts.readableBy(rule), out);
            results.addAll(out.build());
        }
    }

    private void users(List<Rule> rules) {
        List<Rule> ready = rules.stream().filter(this::ready).toList();
        for (String user : users(facts)) {
            for (Rule rule : ready) {
                Results out = new Results(rule, user, releases);
                rule.judge(facts.readableBy(rule), user, out);
                results.addAll(out.build());
            }
        }
    }

    /** Whether the rule's verdict runs; reports it as skipped or not collected when it does not. */
    private boolean ready(Rule rule) {
        Facts view = facts.readableBy(rule);
        if (!rule.applies(view)) {
            return false;
        }
        applied.add(rule);
        Results out = new Results(rule, null, releases);
        if (options.skips(rule)) {
            out.skip(rule.id() + " (" + rule.title() + ") skipped by marketplace.skipChecks");
        } else if (!rule.collected(view)) {
            out.skip(rule.title() + ": not collected on this target (" + rule.notCollectedReason() + ")");
        } else {
            return true;
        }
        results.addAll(out.build());
        return false;
    }

    /** The users the {@link Scope#USER} rules judge, in {@code /etc/passwd} order. */
    static List<String> users(Facts facts) {
        List<String> users = new ArrayList<>();
        for (List<String> row : facts.all("passwd")) {
            String user = Facts.field(row, 0);
            long uid;
            try {
                uid = Long.parseLong(Facts.field(row, 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (uid >= 1000 && !NOT_USERS.contains(user)) {
                users.add(user);
            }
        }
        return users;
    }
}
