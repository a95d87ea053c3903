package io.github.oneclick.vendor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cases of the plugin's PackerManifestTest: the command line reads a manifest by the same rules. */
class PackerManifestReaderTest {
    @TempDir
    Path dir;

    private PackerManifestReader.Found read(String json) throws Exception {
        Path file = dir.resolve("manifest.json");
        Files.writeString(file, json);
        return PackerManifestReader.read(file);
    }

    @Test
    void picksTheLastDigitalOceanBuildOfTheLastRun() throws Exception {
        PackerManifestReader.Found found = read("""
                {"builds": [
                  {"name": "digitalocean", "builder_type": "digitalocean", "build_time": 1, "files": null,
                   "artifact_id": "nyc3:100", "packer_run_uuid": "old", "custom_data": null},
                  {"name": "digitalocean", "builder_type": "digitalocean", "build_time": 2, "files": null,
                   "artifact_id": "nyc3:200", "packer_run_uuid": "new", "custom_data": {"app": "acme"}},
                  {"name": "local", "builder_type": "qemu", "files": [{"name": "disk.img", "size": 1}],
                   "artifact_id": "disk.img", "packer_run_uuid": "new"},
                  {"name": "second", "builder_type": "digitalocean", "files": null,
                   "artifact_id": "sfo3:300", "packer_run_uuid": "old"}
                ], "last_run_uuid": "new"}
                """);

        assertThat(found.imageId()).isEqualTo(200);
        assertThat(found.source()).endsWith("(build 'digitalocean', artifact nyc3:200)");
    }

    @Test
    void readsTheIdAfterTheLastColonOfAMultiRegionArtifact() throws Exception {
        assertThat(read("""
                {"builds": [{"name": "do", "builder_type": "digitalocean", "files": null,
                  "artifact_id": "sfo3,ams3,nyc3:171234567", "packer_run_uuid": "r"}], "last_run_uuid": "r"}
                """).imageId()).isEqualTo(171234567L);
    }

    @Test
    void toleratesOldManifestsWithoutRunIdsCustomDataOrBuildTime() throws Exception {
        assertThat(read("""
                {"builds": [{"name": "digitalocean", "builder_type": "digitalocean", "files": ["a", "b"],
                  "artifact_id": "nyc3:42", "unknown_field": {"x": 1}}]}
                """).imageId()).isEqualTo(42);
    }

    @Test
    void manifestWithoutADigitalOceanBuildInTheLastRunFailsNamingTheOption() {
        assertThatThrownBy(() -> read("""
                {"builds": [{"name": "do", "builder_type": "digitalocean", "artifact_id": "nyc3:1",
                  "packer_run_uuid": "old"}], "last_run_uuid": "new"}
                """))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no DigitalOcean build in its last run (new)")
                .hasMessageContaining("--image");
    }

    @Test
    void nonNumericArtifactIdFails() {
        assertThatThrownBy(() -> read("""
                {"builds": [{"name": "do", "builder_type": "digitalocean", "artifact_id": "nyc3:abc"}]}
                """)).isInstanceOf(UsageException.class).hasMessageContaining("'nyc3:abc'");
    }

    @Test
    void malformedJsonFailsNamingTheOption() {
        assertThatThrownBy(() -> read("{\"builds\": ["))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("cannot be read as JSON")
                .hasMessageContaining("--manifest");
    }

    @Test
    void missingFileFailsNamingTheOption() {
        assertThatThrownBy(() -> PackerManifestReader.read(dir.resolve("nope.json")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("--manifest");
    }

    @Test
    void manifestWithoutBuildsArrayFails() {
        assertThatThrownBy(() -> read("{\"last_run_uuid\": \"x\"}"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no 'builds' array");
    }
}
