package io.github.oneclick.sandbox.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code apt-get install} leaves in a droplet's root when the sandbox's interpreter meets it: nothing is downloaded
 * and nothing runs, but a well-known service package leaves the unit file its Debian package ships, so that {@code
 * systemctl is-active UNIT} reports its service active afterwards, as on a droplet where the package installed and
 * started it. The web servers also leave their default page, as their packages do:
 *
 * <table>
 *   <caption>Packages whose installation leaves files</caption>
 *   <tr><th>Package</th><th>Unit file</th><th>Also</th></tr>
 *   <tr><td>{@code nginx}</td><td>{@code /lib/systemd/system/nginx.service}</td>
 *       <td>{@code /var/www/html/index.nginx-debian.html}</td></tr>
 *   <tr><td>{@code apache2}</td><td>{@code /lib/systemd/system/apache2.service}</td>
 *       <td>{@code /var/www/html/index.html}, unless there is one</td></tr>
 *   <tr><td>{@code mysql-server}</td><td>{@code /lib/systemd/system/mysql.service}</td><td></td></tr>
 *   <tr><td>{@code mariadb-server}</td><td>{@code /lib/systemd/system/mariadb.service}</td><td></td></tr>
 *   <tr><td>{@code postgresql}</td><td>{@code /lib/systemd/system/postgresql.service}</td><td></td></tr>
 *   <tr><td>{@code redis-server}</td><td>{@code /lib/systemd/system/redis-server.service}</td><td></td></tr>
 *   <tr><td>{@code docker.io}, {@code docker-ce}</td><td>{@code /lib/systemd/system/docker.service}</td><td></td></tr>
 *   <tr><td>{@code phpX.Y-fpm} (such as {@code php8.3-fpm})</td><td>{@code /lib/systemd/system/phpX.Y-fpm.service}</td>
 *       <td></td></tr>
 * </table>
 *
 * <p>Any other package installs without a trace. The command lines recognised are {@code apt-get install} and {@code apt
 * install} with any options before or after the subcommand ({@code -y}, {@code -qq}, {@code --no-install-recommends},
 * {@code -o OPTION=VALUE}...), after {@code sudo}, {@code env} or {@code VAR=VALUE} assignments such as {@code
 * DEBIAN_FRONTEND=noninteractive}; a version ({@code nginx=1.24.0-2}) or release ({@code nginx/noble}) is ignored.
 */
final class AptInstall {
    private static final Map<String, String> UNITS = Map.of(
            "nginx", "nginx",
            "apache2", "apache2",
            "mysql-server", "mysql",
            "mariadb-server", "mariadb",
            "postgresql", "postgresql",
            "redis-server", "redis-server",
            "docker.io", "docker",
            "docker-ce", "docker");

    private static final Pattern PHP_FPM = Pattern.compile("php[0-9]+(\\.[0-9]+)?-fpm");

    /** apt-get's options that take the next word as their value. */
    private static final Set<String> WITH_VALUE =
            Set.of("-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release");

    private static final String NGINX_PAGE = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n"
            + "</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is"
            + " successfully installed and working.</p>\n</body>\n</html>\n";

    private static final String APACHE_PAGE = "<!DOCTYPE html>\n<html>\n<head>\n<title>Apache2 Ubuntu Default Page:"
            + " It works</title>\n</head>\n<body>\n<h1>It works!</h1>\n</body>\n</html>\n";

    private AptInstall() {}

    /**
     * The packages an {@code apt-get install} command line names, or {@code null} when the words are no such line.
     *
     * @param words a simple command's words, as the shell splits them
     */
    static List<String> packages(List<String> words) {
        List<String> w = new ArrayList<>(words);
        while (!w.isEmpty()) {
            String first = w.get(0);
            if (first.equals("sudo")) {
                w.remove(0);
                while (!w.isEmpty() && w.get(0).startsWith("-")) {
                    w.remove(0);
                }
            } else if (first.equals("env") || first.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                w.remove(0);
            } else {
                break;
            }
        }
        if (w.isEmpty()
                || !Set.of("apt-get", "apt", "/usr/bin/apt-get", "/usr/bin/apt").contains(w.get(0))) {
            return null;
        }
        String subcommand = null;
        List<String> packages = new ArrayList<>();
        for (int i = 1; i < w.size(); i++) {
            String word = w.get(i);
            if (WITH_VALUE.contains(word)) {
                i++;
            } else if (word.startsWith("-")) {
                continue;
            } else if (subcommand == null) {
                subcommand = word;
            } else if (!word.startsWith("/") && !word.startsWith(".") && !word.endsWith(".deb")) {
                packages.add(word.replaceAll("[=/].*$", ""));
            }
        }
        return "install".equals(subcommand) ? packages : null;
    }

    /**
     * Leaves in {@code root} what installing the packages leaves there (see the class's table).
     *
     * @return {@code null}, or what went wrong: a path of the table leads out of the droplet's root through a link
     */
    static String install(Path root, List<String> packages) throws IOException {
        for (String pkg : packages) {
            String unit = UNITS.containsKey(pkg)
                    ? UNITS.get(pkg)
                    : PHP_FPM.matcher(pkg).matches() ? pkg : null;
            if (unit == null) {
                continue;
            }
            String problem = writeOnce(
                    root,
                    "/lib/systemd/system/" + unit + ".service",
                    "[Unit]\nDescription=" + unit + " (installed from package " + pkg + ")\n\n[Service]\n"
                            + "ExecStart=/usr/sbin/" + unit + "\n\n[Install]\nWantedBy=multi-user.target\n");
            if (problem == null && pkg.equals("nginx")) {
                problem = writeOnce(root, "/var/www/html/index.nginx-debian.html", NGINX_PAGE);
            } else if (problem == null && pkg.equals("apache2")) {
                problem = writeOnce(root, "/var/www/html/index.html", APACHE_PAGE);
            }
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** Writes the file unless it exists; never through a link out of the root. */
    private static String writeOnce(Path root, String path, String content) throws IOException {
        Path file = DropletShell.inRoot(root, path);
        if (file == null) {
            return "cannot write " + path + ": it leads out of the droplet's root";
        }
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return null;
    }
}
