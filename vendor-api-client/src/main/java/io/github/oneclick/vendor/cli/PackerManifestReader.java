package io.github.oneclick.vendor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.vendor.DigitalOceanClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Finds the image of a Packer {@code manifest.json} by the rules of {@code marketplace:release}: the last build whose
 * {@code builder_type} is {@code digitalocean} and whose {@code packer_run_uuid} is {@code last_run_uuid} (a build or a
 * manifest without run ids counts as of the last run), its id the number after the last {@code :} of
 * {@code artifact_id} ({@code nyc3:123} and {@code sfo3,ams3,nyc3:123} alike). Read tolerantly: {@code files: null},
 * missing {@code custom_data} or {@code build_time} and several runs appended to {@code builds} are fine.
 *
 * <p>The same rules as the plugin's {@code PackerManifest} (the plugin module), with messages that name this command
 * line's options; {@code PackerManifestReaderTest} holds the same cases as that class's test.
 */
final class PackerManifestReader {
    private static final ObjectMapper MAPPER = DigitalOceanClient.objectMapper();

    private PackerManifestReader() {}

    /**
     * The image of the manifest's last DigitalOcean build.
     *
     * @param imageId the image id
     * @param source where it came from, for the log
     */
    record Found(long imageId, String source) {}

    static Found read(Path file) throws UsageException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new UsageException(
                    "Packer manifest " + file + " does not exist. Point --manifest at the file"
                            + " Packer's manifest post-processor writes.",
                    e);
        } catch (IOException e) {
            throw new UsageException(
                    "Packer manifest " + file + " cannot be read as JSON: " + firstLine(e.getMessage())
                            + ". Check --manifest.",
                    e);
        }
        if (root == null || !root.isObject()) {
            throw new UsageException("Packer manifest " + file + " is not a JSON object. Check --manifest.");
        }
        JsonNode builds = root.get("builds");
        if (builds == null || !builds.isArray()) {
            throw new UsageException("Packer manifest " + file + " has no 'builds' array. Check --manifest.");
        }
        String lastRun = text(root, "last_run_uuid");
        JsonNode chosen = null;
        boolean anyDigitalOcean = false;
        for (JsonNode build : builds) {
            if (build == null || !build.isObject() || !"digitalocean".equals(text(build, "builder_type"))) {
                continue;
            }
            anyDigitalOcean = true;
            String run = text(build, "packer_run_uuid");
            if (lastRun == null || run == null || lastRun.equals(run)) {
                chosen = build;
            }
        }
        if (chosen == null) {
            throw new UsageException("Packer manifest " + file + " has no DigitalOcean build"
                    + (anyDigitalOcean ? " in its last run (" + lastRun + ")" : "") + ". Run Packer with the"
                    + " digitalocean builder and the manifest post-processor, or give --image instead.");
        }
        String name = text(chosen, "name");
        String artifact = text(chosen, "artifact_id");
        if (artifact == null || artifact.isBlank()) {
            throw new UsageException("Packer manifest " + file + ": build '" + name + "' has no artifact_id. Give"
                    + " --image instead.");
        }
        String idText = artifact.substring(artifact.lastIndexOf(':') + 1).trim();
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw new UsageException(
                    "Packer manifest " + file + ": artifact_id '" + artifact + "' does not end with a"
                            + " numeric image id. Give --image instead.",
                    e);
        }
        if (id <= 0) {
            throw new UsageException("Packer manifest " + file + ": artifact_id '" + artifact + "' has a non-positive"
                    + " image id. Give --image instead.");
        }
        return new Found(id, "Packer manifest " + file + " (build '" + name + "', artifact " + artifact + ")");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
