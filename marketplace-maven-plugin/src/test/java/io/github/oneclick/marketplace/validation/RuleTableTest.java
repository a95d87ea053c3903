package io.github.oneclick.marketplace.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.marketplace.validation.rules.RuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleTableTest {
    private static final List<String> COLUMNS = List.of(
            "Rule id", "What it checks", "Fails as", "Upstream", "Compared with upstream", "Probe facts", "How to fix");

    /** The cells of a table row, with Markdown's backslash escapes and entities undone. */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '\\' && i + 1 < row.length()) {
                cell.append(row.charAt(++i));
            } else if (c == '|') {
                cells.add(cell.toString()
                        .strip()
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&"));
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    private static List<String> row(String markdown, Rule rule) {
        List<String> rows = markdown.lines()
                .filter(l -> l.startsWith("| `" + rule.id() + "` |"))
                .toList();
        assertThat(rows).as(rule.id()).hasSize(1);
        return cells(rows.get(0));
    }

    @Test
    void everyRegisteredRule_appearsWithItsIdSeverityAndFix() {
        String markdown = RuleTable.markdown();

        for (Rule rule : RuleRegistry.all()) {
            List<String> cells = row(markdown, rule);

            assertThat(cells).hasSize(COLUMNS.size());
            assertThat(cells.get(0)).isEqualTo("`" + rule.id() + "`");
            assertThat(cells.get(1)).contains(rule.title());
            assertThat(cells.get(2)).isEqualTo(rule.severity().name());
            assertThat(cells.get(3)).contains(rule.upstream().reference());
            for (String fact : rule.facts()) {
                assertThat(cells.get(5)).contains("`" + fact + "`");
            }
            assertThat(cells.get(6)).isEqualTo(rule.fix());
        }
    }

    @Test
    void rows_followTheReportOrderUnderTheHeader() {
        List<String> lines = RuleTable.markdown().lines().toList();
        int header = lines.indexOf("| " + String.join(" | ", COLUMNS) + " |");

        assertThat(header).isPositive();
        assertThat(lines.get(header + 1)).isEqualTo("|---".repeat(COLUMNS.size()) + "|");
        for (int i = 0; i < RuleRegistry.all().size(); i++) {
            assertThat(lines.get(header + 2 + i))
                    .startsWith("| `" + RuleRegistry.all().get(i).id() + "` |");
        }
    }

    @Test
    void perUserRulesAndNotCollectedFacts_areMarked() {
        String markdown = RuleTable.markdown();

        for (Rule rule : RuleRegistry.all()) {
            List<String> cells = row(markdown, rule);
            assertThat(cells.get(1).contains("(per user)")).as(rule.id()).isEqualTo(rule.scope() == Scope.USER);
            if (rule.notCollectedReason() != null) {
                assertThat(cells.get(5)).contains("Not collected: " + rule.notCollectedReason());
            }
        }
    }

    @Test
    void plainText_isEscapedSoMarkdownShowsItAsWritten() {
        assertThat(RuleTable.text("'usermod -p \"*\" root' | x_y <z> & [a] --version"))
                .isEqualTo("\\'usermod \\-p \\\"\\*\\\" root\\' \\| x\\_y &lt;z&gt; &amp; \\[a\\] \\-\\-version");
    }

    @Test
    void main_writesThePageCreatingItsDirectory(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("generated-site/markdown/" + RuleTable.PAGE + ".md");

        RuleTable.main(new String[] {page.toString()});

        assertThat(Files.readString(page)).isEqualTo(RuleTable.markdown()).startsWith("# Validation rules\n");
    }
}
