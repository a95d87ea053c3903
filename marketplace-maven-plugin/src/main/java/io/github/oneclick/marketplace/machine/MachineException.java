package io.github.oneclick.marketplace.machine;

import java.util.Objects;

/**
 * A machine could not run the validation. The message says what happened, which {@code marketplace.*}
 * parameter to change and how; it never contains a passphrase or key material.
 */
public class MachineException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, so callers (and tests) need not parse messages. */
    public enum Kind {
        /** Bad target configuration found before connecting. */
        CONFIGURATION,
        /** DNS failure, connection refused, no route or connect timeout. */
        UNREACHABLE,
        /** The server refused our key (or our user). */
        AUTH_FAILED,
        /** The server's host key is not in known_hosts (strict checking). */
        HOST_KEY_UNKNOWN,
        /** The server's host key differs from known_hosts or the pinned fingerprint. */
        HOST_KEY_CHANGED,
        /** The private key file is missing, unreadable or not a key JSch can load. */
        KEY_UNREADABLE,
        /** The private key is encrypted and the passphrase is missing or wrong. */
        WRONG_PASSPHRASE,
        /** The script did not finish within the command timeout and was stopped. */
        TIMEOUT,
        /** The probe output ended before its end marker (or was malformed): never judged. */
        TRUNCATED_OUTPUT,
        /** The probe could not run (no sh, sudo refused, not root, unknown probe format). */
        PROBE_FAILED,
        /** The SSH session broke while the script ran. */
        CONNECTION_LOST,
        /** A new droplet never became ready: no SSH within the time allowed, or its first boot (cloud-init) failed. */
        NOT_READY,
        /** A file could not be uploaded (SFTP refused it, no space, no permission). */
        TRANSFER_FAILED,
        /** A provisioning script exited with a non-zero status. */
        SCRIPT_FAILED
    }

    private final Kind kind;

    public MachineException(Kind kind, String message) {
        this(kind, message, null);
    }

    public MachineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
