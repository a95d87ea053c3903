package io.github.oneclick.marketplace.packer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackerManifestTest {
    @TempDir
    Path dir;

    private PackerManifest manifest(String json) throws Exception {
        Path file = dir.resolve("manifest.json");
        Files.writeString(file, json);
        return PackerManifest.read(file);
    }

    @Test
    void picksTheLastDigitalOceanBuildOfTheLastRun() throws Exception {
        PackerManifest manifest = manifest("""
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

        PackerManifest.DigitalOceanImage image = manifest.lastDigitalOceanImage();

        assertThat(image.imageId()).isEqualTo(200);
        assertThat(image.regions()).containsExactly("nyc3");
    }

    @Test
    void readsTheIdAfterTheLastColonOfAMultiRegionArtifact() throws Exception {
        PackerManifest manifest = manifest("""
                {"builds": [{"name": "do", "builder_type": "digitalocean", "files": null,
                  "artifact_id": "sfo3,ams3,nyc3:171234567", "packer_run_uuid": "r"}], "last_run_uuid": "r"}
                """);

        PackerManifest.DigitalOceanImage image = manifest.lastDigitalOceanImage();

        assertThat(image.imageId()).isEqualTo(171234567L);
        assertThat(image.regions()).containsExactly("sfo3", "ams3", "nyc3");
    }

    @Test
    void toleratesOldManifestsWithoutRunIdsCustomDataOrBuildTime() throws Exception {
        PackerManifest manifest = manifest("""
                {"builds": [{"name": "digitalocean", "builder_type": "digitalocean", "files": ["a", "b"],
                  "artifact_id": "nyc3:42", "unknown_field": {"x": 1}}]}
                """);

        assertThat(manifest.lastDigitalOceanImage().imageId()).isEqualTo(42);
    }

    @Test
    void manifestWithoutADigitalOceanBuildInTheLastRunFailsNamingTheParameter() {
        assertThatThrownBy(() -> manifest("""
                {"builds": [{"name": "do", "builder_type": "digitalocean", "artifact_id": "nyc3:1",
                  "packer_run_uuid": "old"}], "last_run_uuid": "new"}
                """).lastDigitalOceanImage())
                .isInstanceOf(PackerManifestException.class)
                .hasMessageContaining("no DigitalOcean build in its last run (new)")
                .hasMessageContaining("marketplace.imageId");
    }

    @Test
    void nonNumericArtifactIdFails() {
        assertThatThrownBy(() -> manifest("""
                {"builds": [{"name": "do", "builder_type": "digitalocean", "artifact_id": "nyc3:abc"}]}
                """).lastDigitalOceanImage())
                .isInstanceOf(PackerManifestException.class)
                .hasMessageContaining("'nyc3:abc'");
    }

    @Test
    void malformedJsonFailsNamingTheParameter() {
        assertThatThrownBy(() -> manifest("{\"builds\": ["))
                .isInstanceOf(PackerManifestException.class)
                .hasMessageContaining("cannot be read as JSON")
                .hasMessageContaining("marketplace.packerManifest");
    }

    @Test
    void missingFileFailsNamingTheParameter() {
        assertThatThrownBy(() -> PackerManifest.read(dir.resolve("nope.json")))
                .isInstanceOf(PackerManifestException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("marketplace.packerManifest");
    }

    @Test
    void manifestWithoutBuildsArrayFails() {
        assertThatThrownBy(() -> manifest("{\"last_run_uuid\": \"x\"}"))
                .isInstanceOf(PackerManifestException.class)
                .hasMessageContaining("no 'builds' array");
    }
}
