package io.github.oneclick.marketplace.validation.rules;

import io.github.oneclick.marketplace.validation.CheckResult;
import io.github.oneclick.marketplace.validation.Facts;
import io.github.oneclick.marketplace.validation.Parity;
import io.github.oneclick.marketplace.validation.Results;
import io.github.oneclick.marketplace.validation.Rule;
import io.github.oneclick.marketplace.validation.Severity;
import io.github.oneclick.marketplace.validation.Upstream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream checks #10 to #17: passwords, {@code .ssh} contents and bash history of the users (UID 1000 or more, one
 * user at a time) and of root, then the histories of other shells and consoles that upstream never reads. The probe
 * reports kinds and sizes only, never a hash, a key or a history line.
 */
final class AccountRules {
    private AccountRules() {}

    private static final Set<String> LOCKED = Set.of("!", "!!", "*");
    private static final String NOT_COUNTED = "counted: 99-img-check.sh v1.8.1 prints user findings but never counts"
            + " them (its user loop runs in a subshell)";
    private static final String SSH_NOT_READ =
            "99-img-check.sh v1.8.1 never reads users' .ssh (its glob is quoted," + " so it never matches)";
    private static final String SHADOW_UNREADABLE = "/etc/shadow is not readable";

    static final Rule USER_PASSWORD = Rule.id("MP-USER-PASSWORD")
            .title("Users (UID >= 1000) have no password")
            .description("Each user's `/etc/shadow` password field is `!`, `!!` or `*`; a user without a shadow"
                    + " entry WARNs.")
            .severity(Severity.FAIL)
            .upstream(Upstream.check("#10-11 user password"))
            .comparison("Stricter: counted (upstream prints but never counts user findings). A missing shadow entry"
                    + " WARNs (upstream is silent). Only the kind and length of the field are reported, never the"
                    + " hash.")
            .facts("shadow.readable", "shadow")
            .fix("Lock the password: 'passwd --lock USER' or 'usermod -p \"*\" USER'.")
            .notCollectedUnless(AccountRules::shadowReadable, SHADOW_UNREADABLE)
            .perUser((facts, user, out) -> {
                Optional<List<String>> entry = shadow(facts, user);
                if (entry.isEmpty()) {
                    out.warn("User " + user + " has no entry in /etc/shadow.")
                            .fix("Check the account with 'pwck'.")
                            .stricter("99-img-check.sh v1.8.1 prints nothing for a user without a shadow entry");
                } else if (LOCKED.contains(Facts.field(entry.get(), 1))) {
                    out.pass("User " + user + " has no password set.")
                            .upstreamWording("User " + user + " has no password set.");
                } else {
                    String message = "User " + user
                            + " has a password set on their account. Only system users are allowed on the image.";
                    password(out.fail(message), entry.get(), user)
                            .upstreamWording(message)
                            .stricter(NOT_COUNTED);
                }
            });

    static final Rule USER_SSH = Rule.id("MP-USER-SSH")
            .title("Users' .ssh holds no keys or stray files")
            .description("In each user's `.ssh` (under `/home/USER` and the home of `/etc/passwd`): a populated"
                    + " `authorized_keys` or `authorized_keys2` FAILs, any private key (by its PEM, OpenSSH or PuTTY"
                    + " header, whatever its name) FAILs, `known_hosts` over 50 bytes WARNs, any other file WARNs"
                    + " (hidden ones too).")
            .severity(Severity.FAIL)
            .upstream(Upstream.check("#12-13 user SSH files"))
            .comparison("Stricter: upstream never reads users' `.ssh` (its glob is quoted, so it never matches) and"
                    + " never counts user findings. The home from `/etc/passwd` is inspected in addition to"
                    + " `/home/USER`.")
            .facts("home", "sshdir", "sshfile")
            .fix("Remove keys and other files from .ssh before the snapshot; droplets get their keys from"
                    + " cloud-init.")
            .perUser((facts, user, out) -> homes(facts, out, user, false));

    static final Rule USER_HISTORY = Rule.id("MP-USER-HISTORY")
            .title("Users' bash history is cleared")
            .description("Each user's `.bash_history`, where present, is under 200 bytes.")
            .severity(Severity.FAIL)
            .upstream(Upstream.check("#14 user bash history"))
            .comparison("Stricter: counted (upstream never counts user findings).")
            .facts("history")
            .fix("Empty the file: 'cat /dev/null > ~USER/.bash_history'.")
            .perUser((facts, user, out) -> {
                for (List<String> h : facts.all("history")) {
                    if (Facts.field(h, 0).equals(user)) {
                        history(out, user, Facts.number(Facts.field(h, 2)), false);
                    }
                }
            });

    static final Rule ROOT_PASSWORD = Rule.id("MP-ROOT-PASSWORD")
            .title("root has no password")
            .description("root's `/etc/shadow` password field is `!`, `!!` or `*`.")
            .severity(Severity.FAIL)
            .upstream(Upstream.check("#15 root password"))
            .comparison("Same. A missing root shadow entry FAILs.")
            .facts("shadow.readable", "shadow")
            .fix("Lock the password: 'passwd --lock root' or 'usermod -p \"*\" root'.")
            .notCollectedUnless(AccountRules::shadowReadable, SHADOW_UNREADABLE)
            .verdict((facts, out) -> {
                Optional<List<String>> entry = shadow(facts, "root");
                if (entry.isPresent() && LOCKED.contains(Facts.field(entry.get(), 1))) {
                    out.pass("User root has no password set.")
                            .subject("root")
                            .upstreamWording("User root has no password set.");
                } else if (entry.isEmpty()) {
                    out.fail("User root has no entry in /etc/shadow.")
                            .subject("root")
                            .fix("Check the account with 'pwck'.")
                            .stricter("a missing shadow entry cannot be judged as no password");
                } else {
                    password(out.fail("User root has a password set on their account."), entry.get(), "root")
                            .subject("root")
                            .upstreamWording("User root has a password set on their account.");
                }
            });

    static final Rule ROOT_SSH = Rule.id("MP-ROOT-SSH")
            .title("root's .ssh holds no keys or stray files")
            .description("As `MP-USER-SSH`, for `/root/.ssh`.")
            .severity(Severity.FAIL)
            .upstream(Upstream.check("#16 root SSH files"))
            .comparison("Same, or stricter: private keys of any type FAIL (upstream recognises only `id_rsa` and"
                    + " WARNs about other keys as *a file*); hidden files WARN.")
            .facts("home", "sshdir", "sshfile")
            .fix(
                    "On a build droplet this is the key it was created with: set marketplace.cleanup=true"
                            + " (<cleanup>true</cleanup>), which removes authorized_keys before the checks in the same session."
                            + " Remove other files from /root/.ssh before the snapshot; droplets get their keys from cloud-init.")
            .verdict((facts, out) -> homes(facts, out, "root", true));

    static final Rule ROOT_HISTORY = Rule.id("MP-ROOT-HISTORY")
            .title("root's bash history is cleared")
            .description("`/root/.bash_history` is absent or under 200 bytes.")
            .severity(Severity.FAIL)
            .upstream(Upstream.check("#17 root bash history"))
            .comparison("Same.")
            .facts("history")
            .fix("Empty the file: 'cat /dev/null > ~root/.bash_history' (marketplace.cleanup=true does).")
            .verdict((facts, out) -> {
                Optional<List<String>> h = facts.all("history").stream()
                        .filter(r -> Facts.field(r, 0).equals("root")
                                && Facts.field(r, 1).equals("/root/.bash_history"))
                        .findFirst();
                if (h.isPresent()) {
                    history(out, "root", Facts.number(Facts.field(h.get(), 2)), true);
                } else {
                    out.pass("The Root User's Bash History is not present")
                            .subject("root")
                            .upstreamWording("The Root User's Bash History is not present");
                }
            });

    static final Rule OTHER_HISTORY = Rule.id("MP-HISTORY-OTHER")
            .title("No shell or console history other than bash's")
            .description("No non-empty `.zsh_history`, `.sh_history`, `.history`, `.mysql_history`, `.psql_history`,"
                    + " `.python_history`, `.sqlite_history`, `.rediscli_history` or `.node_repl_history` in root's"
                    + " home or a user's home (one WARN per file).")
            .severity(Severity.WARN)
            .upstream(Upstream.none("next to #14 and #17, which read .bash_history only"))
            .comparison("New: other shells and the database and language consoles keep a history of what was typed,"
                    + " passwords included, like bash; upstream checks and `90-cleanup.sh` clears `.bash_history`"
                    + " only.")
            .facts("histfile")
            .fix("Empty the file before the snapshot ('cat /dev/null > FILE'), or remove it.")
            .verdict((facts, out) -> {
                for (List<String> file : facts.all("histfile")) {
                    long size = Facts.number(Facts.field(file, 2));
                    if (size > 0) {
                        String path = Facts.field(file, 1);
                        out.warn("User " + Facts.field(file, 0) + " has a history file " + path + "; " + size
                                        + " bytes (contents are not copied into reports)")
                                .subject(path)
                                .note("99-img-check.sh v1.8.1 reads .bash_history only");
                    }
                }
            });

    static final List<Rule> RULES =
            List.of(USER_PASSWORD, USER_SSH, USER_HISTORY, ROOT_PASSWORD, ROOT_SSH, ROOT_HISTORY, OTHER_HISTORY);

    // ---------------------------------------------------------------- passwords

    private static boolean shadowReadable(Facts facts) {
        return "1".equals(facts.get("shadow.readable").orElse("0"));
    }

    private static Optional<List<String>> shadow(Facts facts, String user) {
        return facts.all("shadow").stream()
                .filter(r -> Facts.field(r, 0).equals(user))
                .findFirst();
    }

    /** What the password field holds (kind, scheme, length; never the field) and how to lock it. */
    private static CheckResult.Builder password(CheckResult.Builder result, List<String> shadow, String user) {
        String kind = Facts.field(shadow, 1);
        String scheme = Facts.field(shadow, 2);
        String lock = "Lock it with 'passwd --lock " + user + "' or 'usermod -p \"*\" " + user + "'.";
        switch (kind) {
            case "empty":
                return result.detail("The password field is empty: the account may log in without a password"
                                + " ('passwd --delete' leaves it empty).")
                        .fix(lock);
            case "locked-hash":
                return result.detail("The account is locked but still holds a " + scheme + " password hash.")
                        .fix("Replace the hash with '*': 'usermod -p \"*\" " + user + "'.");
            case "hash":
                return result.detail("The password field holds a " + scheme + " hash (" + Facts.field(shadow, 3)
                                + " characters; not shown).")
                        .fix(lock);
            default:
                return result.detail("The password field is '" + kind + "'; only '!', '!!' or '*' count as no"
                                + " password.")
                        .fix(lock);
        }
    }

    // ---------------------------------------------------------------- .ssh

    /** The .ssh directories of the user's homes: {@code /home/USER} (or {@code /root}) and the passwd home. */
    private static void homes(Facts facts, Results out, String user, boolean root) {
        for (List<String> home : facts.all("home")) {
            if (!Facts.field(home, 0).equals(user)) {
                continue;
            }
            String dir = Facts.field(home, 1);
            boolean upstreamHome = root ? dir.equals("/root") : dir.equals("/home/" + user);
            Parity infoParity = upstreamHome ? Parity.SAME : Parity.STRICTER;
            if (!"1".equals(Facts.field(home, 2))) {
                if (upstreamHome) {
                    String message = "User " + user + " does not have a directory in /home";
                    out.ok(message).subject(user).upstreamWording(message);
                }
                continue;
            }
            String sshDir = dir + "/.ssh";
            boolean hasSshDir = facts.all("sshdir").stream()
                    .anyMatch(r -> Facts.field(r, 0).equals(user)
                            && Facts.field(r, 1).equals(sshDir)
                            && "1".equals(Facts.field(r, 2)));
            String where = upstreamHome ? "" : " in " + dir;
            if (!hasSshDir) {
                CheckResult.Builder ok = out.ok("User " + user + " does not have an .ssh directory" + where)
                        .subject(user)
                        .parity(infoParity);
                if (upstreamHome) {
                    ok.upstreamWording("User " + user + " does not have an .ssh directory");
                }
                continue;
            }
            int findings = 0;
            for (List<String> file : facts.all("sshfile")) {
                if (Facts.field(file, 0).equals(user) && Facts.field(file, 1).startsWith(sshDir + "/")) {
                    findings += sshFile(out, user, root, upstreamHome, file) ? 1 : 0;
                }
            }
            if (findings == 0) {
                CheckResult.Builder ok = out.ok("User " + user + " has no SSH keys present" + where)
                        .subject(user)
                        .parity(infoParity);
                if (upstreamHome) {
                    ok.upstreamWording("User " + user + " has no SSH keys present");
                }
            }
        }
    }

    /** One file in a .ssh directory ({@code sshfile USER PATH SIZE KIND KEYLINES}); true when it is a finding. */
    private static boolean sshFile(Results out, String user, boolean root, boolean upstreamHome, List<String> file) {
        String path = Facts.field(file, 1);
        long size = Facts.number(Facts.field(file, 2));
        String kind = Facts.field(file, 3);
        long keys = Facts.number(Facts.field(file, 4));
        String name = path.substring(path.lastIndexOf('/') + 1);
        boolean hidden = name.startsWith(".");
        String userNote = root ? null : SSH_NOT_READ;
        if (name.equals("authorized_keys") || name.equals("authorized_keys2")) {
            if (size <= 50 && keys == 0) {
                return false;
            }
            String message = "User " + user + " has a populated " + name + " file in " + path;
            CheckResult.Builder result = out.fail(message)
                    .subject(user)
                    .detail(keys + " key line(s), " + size + " bytes (not shown).")
                    .fix("Remove the file before the snapshot (marketplace.cleanup=true does for root); droplets get"
                            + " their keys from cloud-init.");
            if (name.equals("authorized_keys")) {
                result.upstreamWording(message);
            }
            if (!(root && upstreamHome && name.equals("authorized_keys") && size > 50)) {
                result.stricter(
                        userNote != null
                                ? userNote
                                : "99-img-check.sh v1.8.1 only reads authorized_keys over 50 bytes in the home it assumes");
            }
            return true;
        }
        if (kind.startsWith("private-") || name.equals("id_rsa")) {
            if (size == 0) {
                String message = "User " + user + " has empty private key file in " + path;
                sameOrStricter(
                        out.warn(message).subject(user).fix("Remove the file.").upstreamWording(message),
                        root && upstreamHome,
                        userNote);
                return true;
            }
            String message = "User " + user + " has a private key file in " + path;
            CheckResult.Builder result = out.fail(message)
                    .subject(user)
                    .detail("Kind: " + kind.replace("private-", "") + " private key, " + size + " bytes (not shown).")
                    .fix("Remove it: every droplet would share it.");
            if (name.equals("id_rsa")) {
                result.upstreamWording(message);
            }
            if (!(root && upstreamHome && name.equals("id_rsa"))) {
                result.stricter(
                        userNote != null
                                ? userNote
                                : "99-img-check.sh v1.8.1 only recognises id_rsa and"
                                        + " merely warns about other private keys as 'a file'");
            }
            return true;
        }
        if (name.equals("known_hosts")) {
            if (size <= 50) {
                return false;
            }
            String message = root
                    ? "User " + user + " has a populated known_hosts file in " + path
                    : "User " + user + " has a known_hosts file in " + path;
            sameOrStricter(
                    out.warn(message)
                            .subject(user)
                            .fix("Remove it unless the image needs it.")
                            .upstreamWording(message),
                    root && upstreamHome,
                    userNote);
            return true;
        }
        String message = root
                ? "User " + user + " has a file in their .ssh directory at " + path
                : "User " + user + " has a file in their .ssh directory named " + path;
        CheckResult.Builder result = out.warn(message)
                .subject(user)
                .detail("Kind: " + kind + ", " + size + " bytes.")
                .fix("Remove it unless the image needs it.");
        if (hidden) {
            result.stricter("99-img-check.sh v1.8.1 skips hidden files in .ssh");
        } else {
            sameOrStricter(result.upstreamWording(message), root && upstreamHome, userNote);
        }
        return true;
    }

    /** Upstream's verdict where upstream reads the file, else stricter with the reason (if known). */
    private static void sameOrStricter(CheckResult.Builder result, boolean upstreamReads, String why) {
        if (!upstreamReads) {
            result.parity(Parity.STRICTER);
            if (why != null) {
                result.note(why);
            }
        }
    }

    // ---------------------------------------------------------------- history

    private static void history(Results out, String user, long size, boolean root) {
        if (size < 200) {
            String message = user + "'s Bash History appears to have been cleared";
            out.pass(message).subject(user).upstreamWording(message);
            return;
        }
        String message = user + "'s Bash History should be cleared to prevent sensitive information from leaking";
        CheckResult.Builder result = out.fail(message)
                .subject(user)
                .detail(size + " bytes.")
                .fix("Clear it: 'cat /dev/null > ~" + user + "/.bash_history'"
                        + (root ? " (marketplace.cleanup=true does)." : "."))
                .upstreamWording(message);
        if (!root) {
            result.stricter(NOT_COUNTED);
        }
    }
}
