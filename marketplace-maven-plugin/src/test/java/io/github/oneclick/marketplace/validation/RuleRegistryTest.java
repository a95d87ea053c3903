package io.github.oneclick.marketplace.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.marketplace.validation.rules.RuleRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RuleRegistryTest {

    /** The fact keys probe.sh prints: with emit, and from its awk programs. */
    private static Set<String> probeKeys() {
        Set<String> keys = new HashSet<>();
        Matcher m = Pattern.compile("(?:\\bemit |print \")([a-z][a-z0-9._]*)").matcher(ProbeScript.probe());
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    @Test
    void ids_areStableFormUniqueAndCleanupComesFirst() {
        List<String> ids = RuleRegistry.all().stream().map(Rule::id).toList();

        assertThat(ids)
                .doesNotHaveDuplicates()
                .allMatch(id -> Rule.ID.matcher(id).matches());
        assertThat(ids.get(0)).isEqualTo("MP-CLEANUP");
        assertThat(ids)
                .containsSubsequence(
                        "MP-OS-SUPPORTED",
                        "MP-OS-RELEASE",
                        "MP-CLOUDINIT-PRESENT",
                        "MP-FIREWALL",
                        "MP-UPDATES-SECURITY",
                        "MP-LOGS-ARCHIVE",
                        "MP-LOGS-ROTATED",
                        "MP-LOGS-UNCLEARED",
                        "MP-USER-PASSWORD",
                        "MP-USER-SSH",
                        "MP-USER-HISTORY",
                        "MP-ROOT-PASSWORD",
                        "MP-ROOT-SSH",
                        "MP-ROOT-HISTORY",
                        "MP-DO-AGENT");
    }

    @Test
    void everyFactARuleReads_isPrintedByTheProbeOrIsACleanupMarker() {
        Set<String> printed = probeKeys();
        printed.add(Facts.CLEANUP_STEP);
        printed.add(Facts.CLEANUP_EXIT);

        for (Rule rule : RuleRegistry.all()) {
            assertThat(printed).as(rule.id() + " facts").containsAll(rule.facts());
        }
    }

    @Test
    void theUserLoop_coversExactlyTheUserRules() {
        assertThat(RuleRegistry.all())
                .filteredOn(r -> r.scope() == Scope.USER)
                .extracting(Rule::id)
                .containsExactly("MP-USER-PASSWORD", "MP-USER-SSH", "MP-USER-HISTORY");
    }

    @Test
    void upstreamChecks_areNamedByTheirNumber() {
        for (Rule rule : RuleRegistry.all()) {
            assertThat(rule.upstream().checked())
                    .as(rule.id())
                    .isEqualTo(rule.upstream().reference().startsWith("#"));
        }
    }

    @Test
    void byId_ignoresCaseAndBlanks() {
        assertThat(RuleRegistry.byId(" mp-motd ")).get().extracting(Rule::id).isEqualTo("MP-MOTD");
        assertThat(RuleRegistry.byId("MP-NOPE")).isEmpty();
    }
}
