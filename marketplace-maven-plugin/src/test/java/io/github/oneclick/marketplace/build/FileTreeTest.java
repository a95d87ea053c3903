package io.github.oneclick.marketplace.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.vendor.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreeTest {
    @TempDir
    Path dir;

    private Path write(Path root, String relative, String content, String mode) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void scan_listsDirectoriesBeforeTheirFiles_withModesAndSizes() throws Exception {
        Path root = dir.resolve("files");
        write(root, "etc/motd", "hello\n", "rw-r--r--");
        write(root, "var/lib/cloud/scripts/per-instance/001_onboot", "#!/bin/sh\n", "rwxr-xr-x");
        write(root, "opt/acme/app.conf", "x=1\n", "rw-r-----");
        Files.setPosixFilePermissions(root.resolve("opt/acme"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(root.resolve("etc/motd.link"), root.resolve("etc/motd"));

        FileTree tree = FileTree.scan(root);

        assertThat(tree.entries())
                .extracting(FileTree.Entry::toString)
                .containsExactly(
                        "d 0755 0 /etc",
                        "- 0644 6 /etc/motd",
                        "- 0644 6 /etc/motd.link",
                        "d 0755 0 /opt",
                        "d 0750 0 /opt/acme",
                        "- 0640 4 /opt/acme/app.conf",
                        "d 0755 0 /var",
                        "d 0755 0 /var/lib",
                        "d 0755 0 /var/lib/cloud",
                        "d 0755 0 /var/lib/cloud/scripts",
                        "d 0755 0 /var/lib/cloud/scripts/per-instance",
                        "- 0755 10 /var/lib/cloud/scripts/per-instance/001_onboot");
        assertThat(tree.files()).hasSize(4);
        assertThat(tree.totalBytes()).isEqualTo(26);
    }

    @Test
    void missingDirectory_isRefusedNamingIt() {
        Path missing = dir.resolve("src/marketplace/files");

        assertThatThrownBy(() -> FileTree.scan(missing))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist")
                .satisfies(e ->
                        assertThat(((InvalidSettingException) e).settings()).containsExactly("files"));
    }

    @Test
    void linkOutsideTheTree_isRefusedNamingTheLinkAndItsTarget() throws Exception {
        Path root = dir.resolve("files");
        Path secret = write(dir, "outside/id_rsa", "secret", "rw-------");
        Files.createDirectories(root.resolve("etc"));
        Path link = Files.createSymbolicLink(root.resolve("etc/key"), secret);

        assertThatThrownBy(() -> FileTree.scan(root))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(link.toString())
                .hasMessageContaining("outside")
                .hasMessageContaining(secret.toRealPath().toString());
    }

    @Test
    void specialFilesAndBrokenLinks_areRefused() throws Exception {
        Path root = dir.resolve("files");
        Files.createDirectories(root);
        Path fifo = root.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        assertThatThrownBy(() -> FileTree.scan(root))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(fifo.toString())
                .hasMessageContaining("special file");

        Files.delete(fifo);
        Files.createSymbolicLink(root.resolve("dangling"), root.resolve("nothing"));
        assertThatThrownBy(() -> FileTree.scan(root))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("broken symbolic link");
    }

    @Test
    void scripts_mustExistAndBeRegularFiles_andADirectoryGivesItsShellScriptsInNameOrder() throws Exception {
        Path scripts = dir.resolve("scripts");
        write(scripts, "20-configure.sh", "", "rw-r--r--");
        write(scripts, "10-install.sh", "", "rw-r--r--");
        write(scripts, "README.md", "", "rw-r--r--");

        assertThat(Scripts.inDirectory(scripts).files())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("10-install.sh", "20-configure.sh");
        assertThatThrownBy(() -> Scripts.of(List.of(scripts.resolve("30-missing.sh"))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("30-missing.sh does not exist");
        assertThatThrownBy(() -> Scripts.of(List.of(scripts)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("is not a regular file");
        assertThatThrownBy(() -> Scripts.inDirectory(dir.resolve("none")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("does not exist");
    }
}
