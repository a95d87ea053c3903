package io.github.oneclick.sandbox.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.marketplace.validation.ProbeScript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands a droplet of the sandbox answers over SSH exec. Nothing a client sends runs on this machine, except
 * the plugin's own probe and cleanup scripts, which run with {@code PROBE_ROOT} set to the droplet's root and its stub
 * {@code bin} first on {@code PATH}, as for {@link SandboxSsh}. Everything else is simulated; see {@link #run}.
 */
final class DropletShell {
    /** Units {@code systemctl is-active} reports active on every droplet, as on a booted Ubuntu one. */
    static final Set<String> BASE_UNITS =
            Set.of("ssh", "sshd", "cloud-init", "cloud-config", "cloud-final", "systemd-journald", "droplet-agent");

    private static final Set<String> SHELLS =
            Set.of("sh", "bash", "/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/bash");

    static final String CLOUD_INIT_VERSION = "24.1.3-0ubuntu3.3";

    /** Where the first boot leaves cloud-init's result ({@code {"v1": {"datasource": ..., "errors": [...]}}}). */
    static final String RESULT_JSON = "/var/lib/cloud/data/result.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern LOCAL_URL =
            Pattern.compile("http://(localhost|127\\.0\\.0\\.1)(?::80)?(/[^?#]*)?(?:[?#].*)?");

    private static final String NOT_FOUND_PAGE = "<html>\n<head><title>404 Not Found</title></head>\n<body>\n"
            + "<center><h1>404 Not Found</h1></center>\n</body>\n</html>\n";

    /** What a command printed and its exit status. */
    record Result(int exitCode, String stdout, String stderr) {
        static Result ok(String stdout) {
            return new Result(0, stdout, "");
        }

        static Result fail(int code, String stderr) {
            return new Result(code, "", stderr.endsWith("\n") ? stderr : stderr + "\n");
        }
    }

    private final Path root;
    private final Path bin;
    private final String lastBoot;

    DropletShell(Path root, Path bin, String lastBoot) {
        this.root = root;
        this.bin = bin;
        this.lastBoot = lastBoot;
    }

    /**
     * Answers one exec command, reading {@code stdin} only for {@code sh -s}:
     *
     * <ul>
     *   <li>{@code sh -s} (or {@code bash -s}, {@code sudo -n /bin/sh -s}) with the plugin's probe or cleanup script
     *       on stdin: that script runs here against the droplet's root; any other script on stdin is interpreted.
     *   <li>{@code sh FILE}, {@code bash -e FILE}, or {@code FILE} itself when it is executable: the script in the
     *       droplet's root is interpreted; {@code sh -c 'COMMAND'} answers COMMAND.
     *   <li>The interpreter: per line (or per command of a line joined by {@code &&}), {@code echo WORDS} prints the
     *       words, {@code exit N} ends with status N, {@code apt-get install PKG...} leaves what {@link AptInstall}
     *       says in the droplet's root, anything else (comments, other commands, lines with redirections) is taken as
     *       succeeding and does nothing.
     *   <li>{@code cloud-init status [--wait] [--long] [--format json]}: {@code done}, or {@code error} with status 1
     *       and the errors of the first boot's {@code /var/lib/cloud/data/result.json}; {@code cloud-init --version}.
     *   <li>{@code systemctl is-active [--quiet] UNIT...}: active for the base units and those whose unit file is in the
     *       root; {@code test -e|-f|-d|-x|-s|-r|-L PATH}, {@code cat FILE...}, {@code echo}, {@code true}, {@code
     *       false}: answered from the droplet's root.
     *   <li>{@code curl [-f] [-s] [-S] [-L] [-o /dev/null] [-w '%{http_code}'] URL} (short flags combined too, as in
     *       {@code -fsS}) for {@code http://localhost[:80]/PATH} or {@code http://127.0.0.1[:80]/PATH}: while nginx or
     *       apache2 is active, the file under {@code /var/www/html} ({@code index.html}, then {@code
     *       index.nginx-debian.html} for a directory); a missing one is a 404 (status 22 with {@code -f}); without a
     *       web server, status 7.
     *   <li>{@code cd DIR}, {@code env VAR=VALUE... COMMAND}, {@code mktemp -d TEMPLATE} and {@code rm -rf PATH},
     *       inside the droplet's root; commands joined by {@code &&}, with an optional {@code 2>&1}.
     *   <li>Anything else, and any command line with {@code ;}, pipes or other redirections: exit status 127 with a
     *       message that the sandbox does not simulate it.
     * </ul>
     */
    Result run(String command, InputStream stdin) throws IOException {
        Words words = Words.split(command);
        if (words.compound()) {
            return sequence(command, words.words(), stdin);
        }
        return runWords(command, new ArrayList<>(words.words()), stdin);
    }

    /**
     * The one compound form simulated, which the build's script runs use: commands joined by {@code &&}, with an
     * optional {@code 2>&1}; each runs only if the one before succeeded. Any other operator is not simulated.
     */
    private Result sequence(String command, List<String> words, InputStream stdin) throws IOException {
        List<List<String>> parts = andChain(words);
        if (parts == null) {
            return notSimulated(command);
        }
        boolean merge = words.contains("2>&1");
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int code = 0;
        for (int i = 0; i < parts.size(); i++) {
            Result r = runWords(
                    command,
                    new ArrayList<>(parts.get(i)),
                    i == parts.size() - 1 ? stdin : InputStream.nullInputStream());
            out.append(r.stdout());
            (merge ? out : err).append(r.stderr());
            code = r.exitCode();
            if (code != 0) {
                break;
            }
        }
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * The commands of a line joined by {@code &&}, with any {@code 2>&1} dropped; {@code null} when the line has any
     * other operator, redirection or substitution, or an empty command.
     */
    static List<List<String>> andChain(List<String> words) {
        List<List<String>> parts = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String word : words) {
            if (word.equals("&&")) {
                if (current.isEmpty()) {
                    return null;
                }
                parts.add(current);
                current = new ArrayList<>();
            } else if (word.chars().anyMatch(c -> ";&|<>`".indexOf(c) >= 0) || word.contains("$(")) {
                if (!word.equals("2>&1")) {
                    return null;
                }
            } else {
                current.add(word);
            }
        }
        if (current.isEmpty()) {
            return null;
        }
        parts.add(current);
        return parts;
    }

    private Result runWords(String command, List<String> w, InputStream stdin) throws IOException {
        while (!w.isEmpty() && "sudo".equals(w.get(0))) {
            w.remove(0);
            while (!w.isEmpty() && w.get(0).startsWith("-")) {
                w.remove(0);
            }
        }
        if (w.isEmpty()) {
            return Result.ok("");
        }
        String name = w.get(0);
        List<String> args = w.subList(1, w.size());
        if (SHELLS.contains(name)) {
            return shell(command, args, stdin);
        }
        return switch (name) {
            case "cloud-init" -> cloudInit(args);
            case "systemctl" -> systemctl(command, args);
            case "test" -> test(args);
            case "cat" -> cat(args);
            case "curl" -> curl(command, args);
            case "echo" -> Result.ok(String.join(" ", args) + "\n");
            case "true" -> Result.ok("");
            case "cd" ->
                args.size() == 1 && inRoot(args.get(0)) != null && Files.isDirectory(inRoot(args.get(0)))
                        ? Result.ok("")
                        : Result.fail(2, "sh: cd: can't cd to " + String.join(" ", args));
            case "env" -> env(command, args, stdin);
            case "mktemp" -> mktemp(command, args);
            case "rm" -> rm(command, args);
            case "false" -> new Result(1, "", "");
            default -> {
                Path file = name.startsWith("/") ? inRoot(name) : null;
                if (file != null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    yield Files.isExecutable(file)
                            ? interpret(Files.readString(file, StandardCharsets.UTF_8), root)
                            : Result.fail(126, "bash: " + name + ": Permission denied");
                }
                yield notSimulated(command);
            }
        };
    }

    private Result shell(String command, List<String> args, InputStream stdin) throws IOException {
        int i = 0;
        while (i < args.size()
                && args.get(i).startsWith("-")
                && !args.get(i).equals("-s")
                && !args.get(i).equals("-c")) {
            i += "-o".equals(args.get(i)) ? 2 : 1; // -e, -x, -eu, -o pipefail
        }
        if (i >= args.size() || args.get(i).equals("-s")) {
            String script = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            return isPluginScript(script) ? runHere(script) : interpret(script, root);
        }
        if (args.get(i).equals("-c")) {
            return i + 1 < args.size() ? run(args.get(i + 1), InputStream.nullInputStream()) : notSimulated(command);
        }
        String path = args.get(i);
        Path file = inRoot(path);
        if (file == null || !Files.isRegularFile(file)) {
            return Result.fail(127, "sh: 0: cannot open " + path + ": No such file");
        }
        return interpret(Files.readString(file, StandardCharsets.UTF_8), root);
    }

    /** {@code env [VAR=VALUE...] COMMAND...}: the assignments are dropped, the command answered. */
    private Result env(String command, List<String> args, InputStream stdin) throws IOException {
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty() && rest.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            rest.remove(0);
        }
        return rest.isEmpty() ? Result.ok("") : runWords(command, rest, stdin);
    }

    /** {@code mktemp -d TEMPLATE}: a new directory in the droplet's root, its trailing X's made random. */
    private Result mktemp(String command, List<String> args) throws IOException {
        if (args.size() != 2
                || !args.get(0).equals("-d")
                || !args.get(1).startsWith("/")
                || !args.get(1).endsWith("XXX")) {
            return notSimulated(command);
        }
        String template = args.get(1);
        int xs = template.length() - template.replaceAll("X+$", "").length();
        String name = template.substring(0, template.length() - xs)
                + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, xs);
        Path dir = inRoot(name);
        if (dir == null || !Files.isDirectory(dir.getParent())) {
            return Result.fail(1, "mktemp: failed to create directory via template '" + template + "'");
        }
        Files.createDirectory(dir);
        return Result.ok(name + "\n");
    }

    /** {@code rm -rf PATH...} inside the droplet's root; never the root itself. */
    private Result rm(String command, List<String> args) throws IOException {
        if (args.size() < 2 || !args.get(0).equals("-rf")) {
            return notSimulated(command);
        }
        for (String path : args.subList(1, args.size())) {
            Path p = inRoot(path);
            if (p == null || p.equals(root) || path.replace("/", "").isEmpty()) {
                return Result.fail(1, "rm: refusing to remove '" + path + "'");
            }
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                try (java.util.stream.Stream<Path> tree = Files.walk(p)) {
                    for (Path each :
                            tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(each);
                    }
                }
            }
        }
        return Result.ok("");
    }

    /** Whether a script is one the plugin composes (the probe, with or without cleanup): the only ones run here. */
    static boolean isPluginScript(String script) {
        for (boolean cleanup : new boolean[] {false, true}) {
            for (boolean refresh : new boolean[] {false, true}) {
                if (script.equals(ProbeScript.compose(cleanup, refresh))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The tiny interpreter that stands in for running a vendor's script: echo lines print, exit N ends, {@code apt-get
     * install} leaves its service packages' files in {@code root} (see {@link AptInstall}); commands joined by {@code
     * &&} each count.
     *
     * @param root the droplet's root, where installs land
     */
    /** {@code cat <<WORD}, {@code cat <<'WORD'}, {@code cat <<-"WORD"}: a here-document printed by cat. */
    private static final java.util.regex.Pattern HEREDOC =
            java.util.regex.Pattern.compile("cat\\s+<<(-)?\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\2");

    static Result interpret(String script, Path root) throws IOException {
        StringBuilder out = new StringBuilder();
        String[] lines = script.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            java.util.regex.Matcher heredoc = HEREDOC.matcher(line);
            if (heredoc.matches()) {
                // cat <<'WORD' ... WORD prints the lines between as they are (a MOTD script's usual form)
                boolean stripTabs = heredoc.group(1) != null;
                for (i++; i < lines.length && !lines[i].equals(heredoc.group(3)); i++) {
                    out.append(stripTabs ? lines[i].replaceFirst("^\t+", "") : lines[i])
                            .append('\n');
                }
                continue;
            }
            Words words = Words.split(line);
            List<List<String>> commands = words.compound() ? andChain(words.words()) : List.of(words.words());
            for (List<String> w : commands == null ? List.<List<String>>of() : commands) {
                if (w.isEmpty()) {
                    continue;
                }
                if ("echo".equals(w.get(0))) {
                    out.append(String.join(" ", w.subList(1, w.size()))).append('\n');
                } else if ("exit".equals(w.get(0))) {
                    int code = 0;
                    if (w.size() > 1) {
                        try {
                            code = Integer.parseInt(w.get(1)) & 0xff;
                        } catch (NumberFormatException e) {
                            code = 2;
                        }
                    }
                    return new Result(code, out.toString(), "");
                } else if (AptInstall.packages(w) != null) {
                    String problem = AptInstall.install(root, AptInstall.packages(w));
                    if (problem != null) {
                        return new Result(100, out.toString(), "E: " + problem + "\n");
                    }
                }
            }
        }
        return Result.ok(out.toString());
    }

    private Result runHere(String script) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-s");
        builder.environment().put("PROBE_ROOT", root.toString());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin:/usr/sbin:/sbin");
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = pump(process.getInputStream(), out);
        Thread errReader = pump(process.getErrorStream(), err);
        try (OutputStream in = process.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the shell ended early; its status says why
        }
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return Result.fail(124, "the script did not end within 10 minutes");
            }
            outReader.join();
            errReader.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Result.fail(130, "interrupted");
        }
        return new Result(
                process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread t = new Thread(
                () -> {
                    try (from) {
                        from.transferTo(to);
                    } catch (IOException ignored) {
                        // the process ended
                    }
                },
                "droplet-ssh-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private Result cloudInit(List<String> args) throws IOException {
        if (args.equals(List.of("--version"))) {
            return Result.ok("/usr/bin/cloud-init " + CLOUD_INIT_VERSION + "\n");
        }
        if (args.isEmpty() || !args.get(0).equals("status")) {
            return Result.fail(2, "cloud-init: the sandbox simulates only 'cloud-init status' and '--version'");
        }
        boolean json = false;
        boolean longForm = false;
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--wait", "-w" -> {}
                case "--long", "-l" -> longForm = true;
                case "--format" -> {
                    json = i + 1 < args.size() && args.get(++i).equals("json");
                }
                case "--format=json" -> json = true;
                default -> {
                    return Result.fail(2, "cloud-init status: unrecognized argument " + args.get(i));
                }
            }
        }
        List<String> errors = firstBootErrors();
        String status = errors.isEmpty() ? "done" : "error";
        String extended = errors.isEmpty() ? "done" : "error - done";
        String out;
        if (json) {
            StringBuilder list = new StringBuilder();
            for (String error : errors) {
                list.append(list.length() == 0 ? "\n  " : ",\n  ").append(JSON.writeValueAsString(error));
            }
            out = "{\n \"boot_status_code\": \"enabled-by-generator\",\n \"datasource\": \"digitalocean\",\n"
                    + " \"detail\": \"DataSourceDigitalOcean\",\n \"errors\": [" + list
                    + (errors.isEmpty() ? "" : "\n ")
                    + "],\n \"extended_status\": \"" + extended + "\",\n \"last_update\": \"" + lastBoot
                    + "\",\n \"recoverable_errors\": {},\n \"status\": \"" + status + "\"\n}\n";
        } else if (longForm) {
            out = "status: " + status + "\nextended_status: " + extended
                    + "\nboot_status_code: enabled-by-generator\nlast_update: " + lastBoot
                    + "\ndetail: DataSourceDigitalOcean\nerrors:"
                    + (errors.isEmpty() ? " []" : "\n\t- " + String.join("\n\t- ", errors))
                    + "\nrecoverable_errors: {}\n";
        } else {
            out = "status: " + status + "\n";
        }
        return new Result(errors.isEmpty() ? 0 : 1, out, "");
    }

    /** The errors the first boot recorded in {@value #RESULT_JSON}; none when there is no such file. */
    private List<String> firstBootErrors() throws IOException {
        Path file = inRoot(RESULT_JSON);
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode error : JSON.readTree(file.toFile()).path("v1").path("errors")) {
            errors.add(error.asText());
        }
        return errors;
    }

    private Result systemctl(String command, List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("is-active")) {
            return notSimulated(command);
        }
        boolean quiet = false;
        StringBuilder out = new StringBuilder();
        int code = 0;
        for (String unit : args.subList(1, args.size())) {
            if (unit.equals("--quiet") || unit.equals("-q")) {
                quiet = true;
                continue;
            }
            boolean active = unitActive(unit);
            out.append(active ? "active" : "inactive").append('\n');
            code = active ? code : 3;
        }
        return new Result(code, quiet ? "" : out.toString(), "");
    }

    /** A base unit, or one whose unit file is in the root (installed, or uploaded by the vendor). */
    private boolean unitActive(String unit) {
        String name = unit.endsWith(".service") ? unit : unit + ".service";
        if (BASE_UNITS.contains(name.substring(0, name.length() - ".service".length()))) {
            return true;
        }
        for (String dir : List.of("etc/systemd/system", "lib/systemd/system", "usr/lib/systemd/system")) {
            if (!name.contains("/") && Files.isRegularFile(root.resolve(dir).resolve(name))) {
                return true;
            }
        }
        return false;
    }

    private Result test(List<String> args) {
        if (args.size() != 2) {
            return new Result(2, "", "test: the sandbox simulates only 'test -e|-f|-d|-x|-s|-r|-L PATH'\n");
        }
        Path p = inRoot(args.get(1));
        boolean yes = p != null
                && switch (args.get(0)) {
                    case "-e" -> Files.exists(p);
                    case "-f" -> Files.isRegularFile(p);
                    case "-d" -> Files.isDirectory(p);
                    case "-x" -> Files.isExecutable(p);
                    case "-r" -> Files.isReadable(p);
                    case "-L", "-h" -> Files.isSymbolicLink(p);
                    case "-s" -> Files.isRegularFile(p) && size(p) > 0;
                    default -> false;
                };
        return new Result(yes ? 0 : 1, "", "");
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private Result cat(List<String> args) throws IOException {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int code = 0;
        for (String arg : args) {
            Path p = inRoot(arg);
            if (p == null || !Files.isRegularFile(p)) {
                err.append("cat: ").append(arg).append(": No such file or directory\n");
                code = 1;
            } else {
                out.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * {@code curl} against the droplet's own web server (see {@link #run}); anything else is not simulated. Errors go to
     * stderr unless {@code -s} without {@code -S}.
     */
    private Result curl(String command, List<String> args) throws IOException {
        boolean fail = false;
        boolean silent = false;
        boolean showError = false;
        boolean discard = false;
        String format = "";
        String url = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.matches("-[fsSL]+")) {
                fail |= arg.contains("f");
                silent |= arg.contains("s");
                showError |= arg.contains("S");
            } else if (arg.equals("--fail")) {
                fail = true;
            } else if (arg.equals("--silent")) {
                silent = true;
            } else if (arg.equals("--show-error")) {
                showError = true;
            } else if (arg.equals("--location")) {
                continue;
            } else if ((arg.equals("-o") || arg.equals("--output"))
                    && i + 1 < args.size()
                    && args.get(i + 1).equals("/dev/null")) {
                discard = true;
                i++;
            } else if ((arg.equals("-w") || arg.equals("--write-out"))
                    && i + 1 < args.size()
                    && !args.get(i + 1).replace("%{http_code}", "").contains("%")) {
                format = args.get(++i);
            } else if (url == null && !arg.startsWith("-")) {
                url = arg;
            } else {
                return notSimulated(command);
            }
        }
        Matcher local = url == null ? null : LOCAL_URL.matcher(url);
        if (local == null || !local.matches()) {
            return notSimulated(command);
        }
        int exit;
        String code;
        String body = "";
        String error = null;
        boolean serving = unitActive("nginx") || unitActive("apache2");
        Path page = serving ? webPage(local.group(2) == null ? "/" : local.group(2)) : null;
        if (!serving) {
            exit = 7;
            code = "000";
            error = "curl: (7) Failed to connect to " + local.group(1)
                    + " port 80 after 0 ms: Couldn't connect to server";
        } else if (page != null) {
            exit = 0;
            code = "200";
            body = new String(Files.readAllBytes(page), StandardCharsets.UTF_8);
        } else if (fail) {
            exit = 22;
            code = "404";
            error = "curl: (22) The requested URL returned error: 404";
        } else {
            exit = 0;
            code = "404";
            body = NOT_FOUND_PAGE;
        }
        String out =
                (discard ? "" : body) + format.replace("%{http_code}", code).replace("\\n", "\n");
        String err = error != null && (!silent || showError) ? error + "\n" : "";
        return new Result(exit, out, err);
    }

    /** The file the web server answers for a URL path: under {@code /var/www/html}, a directory's index; or null. */
    private Path webPage(String urlPath) {
        String path = "/var/www/html" + urlPath;
        Path file = inRoot(path);
        if (file != null && Files.isDirectory(file)) {
            for (String index : List.of("index.html", "index.nginx-debian.html")) {
                Path candidate = inRoot(path + (path.endsWith("/") ? "" : "/") + index);
                if (candidate != null && Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            return null;
        }
        return file != null && Files.isRegularFile(file) ? file : null;
    }

    /**
     * A path of the droplet as a path under its root ({@code /etc/x} is {@code <root>/etc/x}; a relative one is taken
     * from {@code /root}, root's home), or {@code null} when it names a {@code ..} or leads out of the root through a
     * link.
     */
    Path inRoot(String path) {
        return inRoot(root, path);
    }

    /** {@link #inRoot(String)} for the droplet whose root is {@code root}. */
    static Path inRoot(Path root, String path) {
        String absolute = path.startsWith("/") ? path : "/root/" + path;
        for (String segment : absolute.split("/")) {
            if (segment.equals("..")) {
                return null;
            }
        }
        Path p = root.resolve(absolute.substring(1)).normalize();
        try {
            Path realRoot = root.toRealPath();
            Path existing = p;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null || !existing.toRealPath().startsWith(realRoot)) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return p;
    }

    private static Result notSimulated(String command) {
        return Result.fail(
                127,
                "sandbox: '" + command + "' is not simulated on the sandbox's droplets (see the sandbox's documentation"
                        + " for the commands it answers)");
    }

    /** A command line split into words as a shell would, without expansions; {@code compound} when it is more. */
    record Words(List<String> words, boolean compound) {
        static Words split(String line) {
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            boolean compound = false;
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                        word.append(line.charAt(++i));
                    } else {
                        word.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    word = word == null ? new StringBuilder() : word;
                } else if (c == '\\' && i + 1 < line.length()) {
                    word = word == null ? new StringBuilder() : word;
                    word.append(line.charAt(++i));
                } else if (Character.isWhitespace(c)) {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                } else {
                    if (";&|<>`".indexOf(c) >= 0 || (c == '$' && i + 1 < line.length() && line.charAt(i + 1) == '(')) {
                        compound = true;
                    }
                    word = word == null ? new StringBuilder() : word;
                    word.append(c);
                }
            }
            if (word != null) {
                words.add(word.toString());
            }
            return new Words(List.copyOf(words), compound || quote != 0);
        }
    }
}
