package io.github.oneclick.marketplace.validation;

import io.github.oneclick.marketplace.validation.rules.RuleRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule table of the site, written from the registered rules: the page {@value #PAGE}{@code .md} of the plugin's
 * site. The build runs {@link #main(String[])} before the site (phase {@code pre-site}), so the page always lists
 * the rules the plugin has.
 */
public final class RuleTable {
    /** The page name in the plugin's site; it renders to {@code validation-rules.html}. */
    public static final String PAGE = "validation-rules";

    private RuleTable() {}

    /** Writes the page to the file given as the only argument, creating its directory. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: RuleTable <output file " + PAGE + ".md>");
        }
        Path file = Path.of(args[0]);
        Path directory = file.getParent();
        if (directory != null) {
            Files.createDirectories(directory);
        }
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
    }

    /** The whole page, as Markdown. */
    public static String markdown() {
        return markdown(RuleRegistry.all());
    }

    static String markdown(List<Rule> rules) {
        StringBuilder md = new StringBuilder();
        md.append("# Validation rules\n\n");
        md.append("Every check of `marketplace:validate`, in the order the report shows them. This page is written"
                + " from the rules in the plugin when the site is built. How verdicts are counted and compared with"
                + " `99-img-check.sh` v1.8.1 is on [Image validation](../validation.html).\n\n");
        md.append("*Fails as* is the strongest verdict a rule reports (a rule that fails may also warn about lesser"
                + " findings). *Upstream* is the check's number in `99-img-check.sh` v1.8.1, in the order it runs"
                + " them, or where a requirement the script never checks comes from (*docs* is DigitalOcean's"
                + " Marketplace documentation). *Probe facts* are the lines of the probe output the rule reads."
                + " Skip a rule with `-Dmarketplace.skipChecks=ID,...`.\n\n");
        md.append("| Rule id | What it checks | Fails as | Upstream | Compared with upstream | Probe facts |"
                + " How to fix |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Rule rule : rules) {
            md.append("| `")
                    .append(rule.id())
                    .append("` | ")
                    .append(checks(rule))
                    .append(" | ")
                    .append(rule.severity())
                    .append(" | ")
                    .append(upstream(rule.upstream()))
                    .append(" | ")
                    .append(rule.comparison() == null ? "" : cell(rule.comparison()))
                    .append(" | ")
                    .append(facts(rule))
                    .append(" | ")
                    .append(text(rule.fix()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String checks(Rule rule) {
        StringBuilder s = new StringBuilder("**").append(text(rule.title())).append("**");
        if (rule.scope() == Scope.USER) {
            s.append(" (per user)");
        }
        if (rule.description() != null) {
            s.append("<br/>").append(cell(rule.description()));
        }
        return s.toString();
    }

    private static String upstream(Upstream upstream) {
        return switch (upstream.kind()) {
            case CHECK -> text(upstream.reference());
            case CLEANUP -> "not checked (" + text(upstream.reference()) + " does it)";
            case NONE -> "not checked (" + text(upstream.reference()) + ")";
        };
    }

    private static String facts(Rule rule) {
        List<String> keys = new ArrayList<>();
        if (rule.scope() == Scope.USER) {
            keys.add("`passwd` (the users)");
        }
        rule.facts().forEach(f -> keys.add("`" + f + "`"));
        String s = String.join(", ", keys);
        if (rule.notCollectedReason() != null) {
            s += "<br/>Not collected: " + text(rule.notCollectedReason());
        }
        return s;
    }

    /** Markdown written for the table: only what would break the table is escaped. */
    private static String cell(String markdown) {
        return markdown.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * Plain text (titles, fixes), escaped so that Markdown shows it as written: no emphasis, links or HTML, and no
     * typographic quotes or dashes in commands such as {@code 'cloud-init --version'}.
     */
    static String text(String plain) {
        StringBuilder s = new StringBuilder(plain.length());
        for (char c : plain.toCharArray()) {
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '|', '\'', '"', '-' ->
                    s.append('\\').append(c);
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '\n' -> s.append(' ');
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
