package io.github.oneclick.marketplace.output;

/** The escaping of the reports' XML and Markdown: one place for both report writers. */
public final class Markup {
    private Markup() {}

    /** Text for an XML attribute or element; characters XML 1.0 cannot carry become {@code ?}. */
    public static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c == '\n' || c == '\t' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF)) {
                        b.append(c);
                    } else {
                        b.append('?');
                    }
                }
            }
        }
        return b.toString();
    }

    /** Text for one Markdown table cell: pipes escaped, tags neutralised, on one line; {@code null} is empty. */
    public static String markdownCell(String s) {
        return s == null
                ? ""
                : s.replace("|", "\\|")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\n", " ");
    }
}
