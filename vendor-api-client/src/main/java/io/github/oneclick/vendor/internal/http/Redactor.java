package io.github.oneclick.vendor.internal.http;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches a log, an exception message or a report: the configured token
 * wherever it appears, anything that looks like a bearer credential or a DigitalOcean token, a droplet's
 * {@code user_data} (it carries the host private key the build hands to cloud-init, and often a vendor's own secrets),
 * and any private key block.
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";

    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");
    private static final Pattern DO_TOKEN = Pattern.compile("do[opr]_v1_[A-Za-z0-9]+");
    /** The value of a JSON {@code user_data} field, escapes included. */
    private static final Pattern USER_DATA = Pattern.compile("(\"user_data\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*\"");
    /** A PEM or OpenSSH private key block (the armour is spelt in two parts, so this file holds no key header). */
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]*PRIVATE K" + "EY-----.*?-----END [A-Z0-9 ]*PRIVATE K" + "EY-----", Pattern.DOTALL);

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
        result = USER_DATA.matcher(result).replaceAll("$1" + MASK + "\"");
        result = PRIVATE_KEY.matcher(result).replaceAll(MASK);
        return DO_TOKEN.matcher(result).replaceAll(MASK);
    }
}
