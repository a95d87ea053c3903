package io.github.oneclick.vendor.workflow;

import java.util.List;

/**
 * The droplet selector did not lead to exactly one droplet: the id does not exist, or the name or tag matched none or
 * several. {@link #matches()} lists what matched as {@code id (name)}.
 */
public class DropletSelectionException extends SnapshotException {
    private static final long serialVersionUID = 1L;

    private final String selector;
    private final List<String> matches;

    public DropletSelectionException(String message, String selector, List<String> matches, Throwable cause) {
        super(message, cause);
        this.selector = selector;
        this.matches = List.copyOf(matches);
    }

    /** The selector as given, such as {@code dropletName=build-01}. */
    public String selector() {
        return selector;
    }

    public List<String> matches() {
        return matches;
    }
}
