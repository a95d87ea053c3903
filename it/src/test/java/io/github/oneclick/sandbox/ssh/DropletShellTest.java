package io.github.oneclick.sandbox.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.marketplace.testing.PreparedMachine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A droplet's simulated commands, answered from its root: cloud-init's status from the first boot's result, installs
 * that leave their services' unit files, and curl against the droplet's own web server. Nothing runs on this machine.
 */
class DropletShellTest {
    private static final String LAST_BOOT = "Thu, 01 Jan 2026 00:00:10 +0000";

    @TempDir
    Path work;

    private Path root;
    private DropletShell shell;

    @BeforeEach
    void prepare() throws IOException {
        PreparedMachine machine = PreparedMachine.create(work);
        root = machine.root();
        shell = new DropletShell(root, machine.bin(), LAST_BOOT);
    }

    private DropletShell.Result run(String command) throws IOException {
        return shell.run(command, InputStream.nullInputStream());
    }

    private void file(String path, String content) throws IOException {
        Path p = root.resolve(path.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private static final String RUNPARTS_ERROR =
            "('scripts_per_instance', RuntimeError('Runparts: 1 failures (001_onboot) in 1 attempted commands'))";

    // ---------------------------------------------------------------- cloud-init status

    @Test
    void withoutAResultFileCloudInitIsDone() throws IOException {
        DropletShell.Result plain = run("cloud-init status --wait");
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.stdout()).isEqualTo("status: done\n");
        assertThat(run("cloud-init status --long").stdout())
                .isEqualTo("status: done\nextended_status: done\nboot_status_code: enabled-by-generator\n"
                        + "last_update: " + LAST_BOOT + "\ndetail: DataSourceDigitalOcean\nerrors: []\n"
                        + "recoverable_errors: {}\n");
    }

    @Test
    void aResultWithoutErrorsIsDone() throws IOException {
        file(DropletShell.RESULT_JSON, "{\"v1\": {\"datasource\": \"DataSourceDigitalOcean\", \"errors\": []}}\n");

        DropletShell.Result json = run("cloud-init status --format json");

        assertThat(json.exitCode()).isZero();
        assertThat(json.stdout())
                .contains("\"errors\": [],")
                .contains("\"extended_status\": \"done\"")
                .contains("\"status\": \"done\"");
    }

    @Test
    void theFirstBootsErrorsMakeEveryFormOfCloudInitStatusAnErrorWithStatusOne() throws IOException {
        file(
                DropletShell.RESULT_JSON,
                "{\"v1\": {\"datasource\": \"DataSourceDigitalOcean\", \"errors\": [\"" + RUNPARTS_ERROR + "\"]}}\n");

        DropletShell.Result plain = run("cloud-init status");
        DropletShell.Result waited = run("cloud-init status --wait --long");
        DropletShell.Result json = run("cloud-init status --wait --format json");

        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.stdout()).isEqualTo("status: error\n");
        assertThat(waited.exitCode()).isEqualTo(1);
        assertThat(waited.stdout())
                .isEqualTo("status: error\nextended_status: error - done\nboot_status_code: enabled-by-generator\n"
                        + "last_update: " + LAST_BOOT + "\ndetail: DataSourceDigitalOcean\nerrors:\n\t- "
                        + RUNPARTS_ERROR + "\nrecoverable_errors: {}\n");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.stdout())
                .contains("\"errors\": [\n  \"" + RUNPARTS_ERROR + "\"\n ],")
                .contains("\"extended_status\": \"error - done\"")
                .contains("\"status\": \"error\"");
    }

    // ---------------------------------------------------------------- installs

    @Test
    void anInstallInAScriptLeavesItsServicesUnitFileSoSystemctlReportsItActive() throws IOException {
        assertThat(run("systemctl is-active nginx").exitCode()).isEqualTo(3);
        file(
                "/tmp/provision.sh",
                "#!/bin/sh\nset -e\nDEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends nginx\n"
                        + "apt-get update && sudo apt install -y redis-server php8.3-fpm=8.3.6-0ubuntu0.24.04.1\n"
                        + "apt-get -o Dpkg::Options::=--force-confold install -y mariadb-server/noble\n"
                        + "env DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io htop\n"
                        + "echo installed\n");

        DropletShell.Result provision = run("sh /tmp/provision.sh");

        assertThat(provision.exitCode()).isZero();
        assertThat(provision.stdout()).isEqualTo("installed\n");
        DropletShell.Result active = run("systemctl is-active nginx redis-server php8.3-fpm mariadb docker");
        assertThat(active.exitCode()).isZero();
        assertThat(active.stdout()).isEqualTo("active\n".repeat(5));
        assertThat(root.resolve("lib/systemd/system/nginx.service")).isRegularFile();
        assertThat(root.resolve("var/www/html/index.nginx-debian.html"))
                .content()
                .contains("Welcome to nginx!");
        assertThat(root.resolve("lib/systemd/system/htop.service")).doesNotExist();
        assertThat(run("systemctl is-active mysql postgresql apache2").stdout()).isEqualTo("inactive\n".repeat(3));
    }

    @Test
    void theInterpreterInstallsOnlyForAnInstallCommand() throws IOException {
        DropletShell.Result r = DropletShell.interpret(
                "apt-get update\napt-get remove -y nginx\necho apt-get install nginx\napt-get download nginx\n"
                        + "apt-get install -y ./nginx.deb\napt-get install -y nginx > /dev/null\n",
                root);

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("apt-get install nginx\n");
        assertThat(root.resolve("lib/systemd/system/nginx.service")).doesNotExist();
    }

    @Test
    void aHereDocumentPrintedByCatIsPrintedAsItIsAndTheScriptGoesOnAfterIt() throws IOException {
        DropletShell.Result r = DropletShell.interpret(
                "#!/bin/sh\ncat <<'MOTD'\nWelcome to Acme | LEMP\n  echo not a command\nMOTD\necho after\n"
                        + "cat <<-END\n\tindented\nEND\nexit 3\n",
                root);

        assertThat(r.stdout()).isEqualTo("Welcome to Acme | LEMP\n  echo not a command\nafter\nindented\n");
        assertThat(r.exitCode()).isEqualTo(3);
    }

    @Test
    void apacheKeepsAnIndexPageTheVendorAlreadyPutThere() throws IOException {
        file("/var/www/html/index.html", "<h1>Acme</h1>\n");

        DropletShell.interpret("apt-get install -y apache2 postgresql mysql-server\n", root);

        assertThat(root.resolve("var/www/html/index.html")).hasContent("<h1>Acme</h1>");
        assertThat(run("systemctl is-active apache2 postgresql mysql").exitCode())
                .isZero();
    }

    @Test
    void anInstallNeverWritesThroughALinkOutOfTheRoot() throws IOException {
        Path outside = Files.createDirectories(work.resolve("outside"));
        Files.createDirectories(root.resolve("lib"));
        Files.createSymbolicLink(root.resolve("lib/systemd"), outside);

        DropletShell.Result r = DropletShell.interpret("apt-get install -y nginx\necho after\n", root);

        assertThat(r.exitCode()).isEqualTo(100);
        assertThat(r.stderr()).contains("/lib/systemd/system/nginx.service").contains("out of the droplet's root");
        assertThat(outside).isEmptyDirectory();
    }

    // ---------------------------------------------------------------- curl

    @Test
    void curlWithoutAnActiveWebServerCannotConnect() throws IOException {
        DropletShell.Result r = run("curl -fsS http://localhost/");

        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr())
                .isEqualTo("curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server\n");
        assertThat(run("curl -s http://127.0.0.1:80/").stderr()).as("silent").isEmpty();
    }

    @Test
    void curlAnswersWithTheWebServersFiles() throws IOException {
        DropletShell.interpret("apt-get install -y nginx\n", root);

        DropletShell.Result index = run("curl -fsS http://localhost/");
        assertThat(index.exitCode()).isZero();
        assertThat(index.stdout()).contains("Welcome to nginx!");

        file("/var/www/html/index.html", "<h1>Acme</h1>\n");
        file("/var/www/html/health/ok.txt", "ok\n");
        assertThat(run("curl -fsSL http://127.0.0.1:80/").stdout()).isEqualTo("<h1>Acme</h1>\n");
        assertThat(run("curl --fail --silent --show-error http://localhost/health/ok.txt?probe=1")
                        .stdout())
                .isEqualTo("ok\n");
        DropletShell.Result code = run("curl -s -o /dev/null -w '%{http_code}\\n' http://localhost/health/ok.txt");
        assertThat(code.exitCode()).isZero();
        assertThat(code.stdout()).isEqualTo("200\n");
    }

    @Test
    void aMissingPageIsA404ThatFailsOnlyWithDashF() throws IOException {
        DropletShell.interpret("apt-get install -y apache2\n", root);

        DropletShell.Result failing = run("curl -fsS http://localhost/missing.html");
        assertThat(failing.exitCode()).isEqualTo(22);
        assertThat(failing.stdout()).isEmpty();
        assertThat(failing.stderr()).isEqualTo("curl: (22) The requested URL returned error: 404\n");

        DropletShell.Result page = run("curl -s http://localhost/missing.html");
        assertThat(page.exitCode()).isZero();
        assertThat(page.stdout()).contains("404 Not Found");
        assertThat(run("curl -s -o /dev/null -w %{http_code} http://localhost/../../etc/passwd")
                        .stdout())
                .isEqualTo("404");
    }

    @Test
    void curlOfAnyOtherUrlOrFlagIsNotSimulated() throws IOException {
        DropletShell.interpret("apt-get install -y nginx\n", root);

        for (String command : new String[] {
            "curl -fsS https://localhost/",
            "curl -fsS http://example.com/",
            "curl -fsS http://localhost:8080/",
            "curl -X POST http://localhost/",
            "curl -o /tmp/page http://localhost/",
            "curl -w '%{time_total}' http://localhost/",
            "curl"
        }) {
            DropletShell.Result r = run(command);
            assertThat(r.exitCode()).as(command).isEqualTo(127);
            assertThat(r.stderr()).as(command).contains("is not simulated");
        }
    }
}
