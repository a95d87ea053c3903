package io.github.oneclick.vendor;

import java.util.List;

/**
 * A setting given to the client or a workflow is not valid: thrown by the builders before any request, with a
 * message that starts with the setting's name and says how to fix it. {@link #settings()} names the settings
 * involved, in the client's terms (such as {@code snapshotTimeout}); a build tool plugin renders them in its own.
 */
public class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> settings;

    /**
     * @param message what is wrong and how to fix it, starting with the setting's name
     * @param settings the settings involved, at least one
     */
    public InvalidSettingException(String message, String... settings) {
        super(message);
        this.settings = List.of(settings);
    }

    public InvalidSettingException(String message, Throwable cause, String... settings) {
        super(message, cause);
        this.settings = List.of(settings);
    }

    /** The settings involved, in the client's terms. */
    public List<String> settings() {
        return settings;
    }
}
