package io.github.oneclick.marketplace.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleTest {

    private static Rule.Builder complete(String id) {
        return Rule.id(id)
                .title("A title")
                .severity(Severity.WARN)
                .upstream(Upstream.none("docs: example"))
                .facts("arch")
                .fix("Do something.");
    }

    private static List<CheckResult> judge(Rule rule, String facts) throws Exception {
        Facts parsed = Facts.parse(
                "MP-PROBE BEGIN 1\n" + facts + "MP-PROBE END 1 " + facts.lines().count() + "\n");
        return RuleEngine.evaluate(List.of(rule), parsed, ValidationOptions.defaults())
                .results();
    }

    @Test
    void idNotOfTheStableForm_isRejected() {
        for (String id : new String[] {"ARCH", "MP-arch", "MP-", "MP ARCH"}) {
            assertThatThrownBy(() -> Rule.id(id))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(id);
        }
    }

    @Test
    void ruleWithoutFactsOrFix_isRejectedWhenTheVerdictIsGiven() {
        assertThatThrownBy(() -> Rule.id("MP-X")
                        .title("t")
                        .severity(Severity.WARN)
                        .upstream(Upstream.none("docs"))
                        .fix("f")
                        .verdict((facts, out) -> {}))
                .hasMessageContaining("facts");
        assertThatThrownBy(() -> Rule.id("MP-X")
                        .title("t")
                        .severity(Severity.WARN)
                        .upstream(Upstream.none("docs"))
                        .facts("arch")
                        .verdict((facts, out) -> {}))
                .hasMessageContaining("fix");
    }

    @Test
    void blankTitle_isRejectedAtOnce() {
        assertThatThrownBy(() -> Rule.id("MP-X").title(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MP-X")
                .hasMessageContaining("title");
    }

    @Test
    void warnOnlyRule_cannotFail() {
        Rule rule = complete("MP-X").verdict((facts, out) -> out.fail("boom"));

        assertThatThrownBy(() -> judge(rule, "arch\tx86_64\n"))
                .hasMessageContaining("MP-X")
                .hasMessageContaining("WARN")
                .hasMessageContaining("FAIL");
    }

    @Test
    void readingAFactTheRuleDoesNotDeclare_fails() {
        Rule rule = complete("MP-X").verdict((facts, out) -> facts.get("os.name"));

        assertThatThrownBy(() -> judge(rule, "os.name\tUbuntu\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MP-X")
                .hasMessageContaining("os.name");
    }

    @Test
    void finding_carriesTheRuleFixAndDefaultParityUnlessTheVerdictSaysOtherwise() throws Exception {
        Rule rule = complete("MP-X").verdict((facts, out) -> {
            out.warn("first");
            out.warn("second").fix("Do this instead.");
            out.pass("third");
        });

        List<CheckResult> results = judge(rule, "arch\tx86_64\n");

        assertThat(results).extracting(CheckResult::fix).containsExactly("Do something.", "Do this instead.", null);
        assertThat(results).extracting(CheckResult::parity).containsOnly(Parity.NEW);
        assertThat(results.get(0).stricter()).isTrue();
    }

    @Test
    void ruleThatDoesNotApply_reportsNothingNotEvenASkip() throws Exception {
        Rule rule = complete("MP-X").appliesWhen(facts -> false).verdict((facts, out) -> out.warn("never"));
        Facts parsed = Facts.parse("MP-PROBE BEGIN 1\nMP-PROBE END 1 0\n");

        Evaluation evaluation = RuleEngine.evaluate(
                List.of(rule),
                parsed,
                ValidationOptions.builder().skipCheck("MP-MOTD").build());

        assertThat(evaluation.rules()).isEmpty();
        assertThat(evaluation.results()).isEmpty();
    }

    @Test
    void ruleWhoseFactsWereNotCollected_isSkippedOnceWithTheReason() throws Exception {
        Rule rule = complete("MP-X")
                .notCollectedUnless(Facts::commandsCollected, "no commands in a directory")
                .verdict((facts, out) -> out.warn("never"));

        List<CheckResult> results = judge(rule, "probe.commands\t0\n");

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.SKIP);
            assertThat(r.message()).isEqualTo("A title: not collected on this target (no commands in a directory)");
        });
    }

    @Test
    void userRules_runUserByUserWithTheUserAsSubject() throws Exception {
        Rule first = complete("MP-A").perUser((facts, user, out) -> out.pass("a " + user));
        Rule second = complete("MP-B").perUser((facts, user, out) -> out.pass("b " + user));
        Facts parsed = Facts.parse("MP-PROBE BEGIN 1\npasswd\troot\t0\npasswd\tann\t1000\npasswd\tnobody\t65534\n"
                + "passwd\tbob\t1001\nMP-PROBE END 1 4\n");

        List<CheckResult> results = RuleEngine.evaluate(List.of(first, second), parsed, ValidationOptions.defaults())
                .results();

        assertThat(results).extracting(CheckResult::message).containsExactly("a ann", "b ann", "a bob", "b bob");
        assertThat(results).extracting(CheckResult::subject).containsExactly("ann", "ann", "bob", "bob");
    }
}
