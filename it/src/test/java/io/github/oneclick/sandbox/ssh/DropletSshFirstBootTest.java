package io.github.oneclick.sandbox.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.marketplace.testing.PreparedMachine;
import io.github.oneclick.sandbox.SandboxState.DropletCreation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A droplet's first boot leaves cloud-init's instance and result where a real one does: {@code /var/lib/cloud/instance}
 * a link to this instance, its id in {@code data/instance-id}, and the per-instance scripts' failures in {@code
 * data/result.json}, which {@code cloud-init status} reports.
 */
class DropletSshFirstBootTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path work;

    private static DropletCreation creation(long dropletId, long imageId) {
        return new DropletCreation(dropletId, imageId, imageId != 0, null, List.of(), true);
    }

    private static DropletShell shell(DropletSsh droplet) {
        return new DropletShell(droplet.root(), droplet.directory().resolve("bin"), "Thu, 01 Jan 2026 00:00:10 +0000");
    }

    private static DropletShell.Result run(DropletShell shell, String command) throws IOException {
        return shell.run(command, InputStream.nullInputStream());
    }

    private static void script(Path root, String name, String content, String mode) throws IOException {
        Path p = root.resolve("var/lib/cloud/scripts/per-instance").resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    @Test
    void aCleanFirstBootLinksTheInstanceAndRecordsNoErrors() throws Exception {
        DropletSsh droplet = DropletSsh.firstBoot(work.resolve("droplet"), null, creation(7001, 0), NOW);
        Path cloud = droplet.root().resolve("var/lib/cloud");

        assertThat(Files.readSymbolicLink(cloud.resolve("instance"))).isEqualTo(Path.of("instances/7001"));
        assertThat(cloud.resolve("instance").toRealPath())
                .isEqualTo(cloud.resolve("instances/7001").toRealPath());
        assertThat(cloud.resolve("data/instance-id")).hasContent("7001");
        JsonNode result = JSON.readTree(cloud.resolve("data/result.json").toFile());
        assertThat(result.path("v1").path("datasource").asText()).isEqualTo("DataSourceDigitalOcean");
        assertThat(result.path("v1").path("errors").isArray()).isTrue();
        assertThat(result.path("v1").path("errors")).isEmpty();

        DropletShell shell = shell(droplet);
        assertThat(run(shell, "test -f /var/lib/cloud/instance/sem/config_scripts_per_instance")
                        .exitCode())
                .isZero();
        assertThat(run(shell, "cat /var/lib/cloud/instance/sem/config_scripts_per_instance")
                        .stdout())
                .isEqualTo("001_onboot\n");
        DropletShell.Result status = run(shell, "cloud-init status --wait --long");
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout()).startsWith("status: done\n").contains("errors: []");
    }

    @Test
    void aFailingPerInstanceScriptIsAnErrorOfTheFirstBootButASkippedOneIsNot() throws Exception {
        Path image = work.resolve("image");
        Path imageRoot = PreparedMachine.create(image).root();
        script(imageRoot, "002_app", "#!/bin/sh\napt-get install -y nginx\necho configuring\nexit 4\n", "rwxr-xr-x");
        script(imageRoot, "003_off", "#!/bin/sh\nexit 1\n", "rw-r--r--");
        script(imageRoot, "004_db", "#!/bin/sh\nexit 1\n", "rwxr-xr-x");

        DropletSsh droplet = DropletSsh.firstBoot(work.resolve("droplet"), image, creation(7002, 90), NOW);

        assertThat(droplet.firstBootScripts()).containsExactly("001_onboot", "002_app", "004_db");
        String error =
                "('scripts_per_instance', RuntimeError('Runparts: 2 failures (002_app,004_db) in 3 attempted commands'))";
        JsonNode result = JSON.readTree(
                droplet.root().resolve("var/lib/cloud/data/result.json").toFile());
        assertThat(result.path("v1").path("errors").get(0).asText()).isEqualTo(error);
        assertThat(result.path("v1").path("errors")).hasSize(1);

        DropletShell shell = shell(droplet);
        DropletShell.Result status = run(shell, "cloud-init status --wait --long");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.stdout()).startsWith("status: error\nextended_status: error - done\n");
        assertThat(status.stdout()).contains("errors:\n\t- " + error + "\n");
        DropletShell.Result nginx = run(shell, "systemctl is-active nginx");
        assertThat(nginx.exitCode()).as("the failing script installed it first").isZero();
        assertThat(droplet.root().resolve("var/log/cloud-init-output.log"))
                .content()
                .contains("configuring\n")
                .contains("WARNING: skipping 003_off: not executable");
    }

    @Test
    void aDropletFromASnapshotGetsAFreshInstanceLinkInPlaceOfTheStaleOne() throws Exception {
        DropletSsh build = DropletSsh.firstBoot(work.resolve("build"), null, creation(7003, 0), NOW);
        assertThat(run(shell(build), "rm -rf /var/lib/cloud/instances/7003").exitCode())
                .as("the cleanup before the snapshot")
                .isZero();
        Path image = work.resolve("image");
        Files.createDirectories(image);
        DropletSsh.copyTree(build.directory(), image);
        assertThat(image.resolve("root/var/lib/cloud/instance")).isSymbolicLink();

        DropletSsh droplet = DropletSsh.firstBoot(work.resolve("droplet"), image, creation(7004, 91), NOW);

        Path cloud = droplet.root().resolve("var/lib/cloud");
        assertThat(Files.readSymbolicLink(cloud.resolve("instance"))).isEqualTo(Path.of("instances/7004"));
        assertThat(cloud.resolve("instances")).isDirectoryContaining(p -> p.endsWith("7004"));
        assertThat(cloud.resolve("instances/7003")).doesNotExist();
        assertThat(cloud.resolve("data/instance-id")).hasContent("7004");
        assertThat(run(shell(droplet), "test -f /var/lib/cloud/instance/sem/config_scripts_per_instance")
                        .exitCode())
                .isZero();
    }
}
