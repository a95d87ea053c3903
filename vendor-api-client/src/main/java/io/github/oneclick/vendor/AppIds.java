package io.github.oneclick.vendor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The form of a Vendor Portal app id: 24 hexadecimal characters, the last part of the app's Vendor Portal URL (such
 * as {@code 60089fc6d333037bffa70d9b}). Checked before any request, so an id that would reach another path (such as
 * {@code a/b}), or a whole pasted URL, is refused with the part to use.
 */
public final class AppIds {
    private static final Pattern FORM = Pattern.compile("[0-9a-fA-F]{24}");
    private static final Pattern ID_IN_TEXT = Pattern.compile("(?<![0-9a-fA-F])([0-9a-fA-F]{24})(?![0-9a-fA-F])");

    private AppIds() {}

    /**
     * Checks an app id.
     *
     * @param appId the id as given
     * @param field the name of the setting, for the message
     * @return the id, trimmed
     * @throws IllegalArgumentException naming the field and what to use instead
     */
    public static String check(String appId, String field) {
        if (appId == null || appId.isBlank()) {
            throw new InvalidSettingException(
                    field + " is required: the 24-character id at the end of the app's"
                            + " Vendor Portal URL, such as 60089fc6d333037bffa70d9b",
                    field);
        }
        String id = appId.strip();
        if (FORM.matcher(id).matches()) {
            return id;
        }
        Matcher inside = ID_IN_TEXT.matcher(id);
        String candidate = inside.find() ? inside.group(1) : null;
        if (id.contains("://") || id.contains("/")) {
            throw new InvalidSettingException(
                    field + " '" + id + "' looks like a URL or a path, not an app id. "
                            + (candidate != null
                                    ? "Use its id part: " + candidate
                                    : "Use the 24-character id at the end of the app's Vendor Portal URL")
                            + ".",
                    field);
        }
        throw new InvalidSettingException(
                field + " '" + id + "' is not a Vendor Portal app id: an app id is 24"
                        + " hexadecimal characters, such as 60089fc6d333037bffa70d9b"
                        + (candidate != null ? " (did you mean " + candidate + "?)" : "") + ".",
                field);
    }
}
