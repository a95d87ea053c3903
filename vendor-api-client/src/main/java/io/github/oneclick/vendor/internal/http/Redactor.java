package io.github.oneclick.vendor.internal.http;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches a log, an exception message or a report: the configured token
 * wherever it appears, and anything that looks like a bearer credential or a DigitalOcean token.
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";

    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");
    private static final Pattern DO_TOKEN = Pattern.compile("do[opr]_v1_[A-Za-z0-9]+");

    private final List<String> secrets;

    public Redactor(List<String> secrets) {
        this.secrets =
                secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        result = BEARER.matcher(result).replaceAll("$1" + MASK);
        return DO_TOKEN.matcher(result).replaceAll(MASK);
    }
}
