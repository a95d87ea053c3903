package io.github.oneclick.marketplace.packer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.marketplace.output.GoalOutputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code manifest.json} Packer's manifest post-processor writes, tolerantly: {@code files: null}, missing
 * {@code custom_data} or {@code build_time}, several runs appended to {@code builds}, and {@code artifact_id} in
 * both encodings ({@code nyc3:123} and {@code sfo3,ams3,nyc3:123}).
 *
 * <p>The image of this run is the last build whose {@code builder_type} is {@code digitalocean} and whose
 * {@code packer_run_uuid} equals {@code last_run_uuid}; manifests without run ids fall back to the last
 * {@code digitalocean} build.
 */
public final class PackerManifest {
    private static final ObjectMapper MAPPER = GoalOutputs.json();

    private final Path file;
    private final String lastRunUuid;
    private final List<Build> builds;

    private PackerManifest(Path file, String lastRunUuid, List<Build> builds) {
        this.file = file;
        this.lastRunUuid = lastRunUuid;
        this.builds = List.copyOf(builds);
    }

    /**
     * One build entry.
     *
     * @param name the build name
     * @param builderType the builder type, {@code digitalocean} for DigitalOcean
     * @param artifactId the raw artifact id
     * @param runUuid the run it belongs to, or {@code null}
     */
    public record Build(String name, String builderType, String artifactId, String runUuid) {

        public boolean isDigitalOcean() {
            return "digitalocean".equals(builderType);
        }
    }

    /**
     * The image a DigitalOcean build produced.
     *
     * @param imageId the snapshot's image id (the text after the last {@code :} of {@code artifact_id})
     * @param regions the regions listed before it
     * @param build the build it came from
     */
    public record DigitalOceanImage(long imageId, List<String> regions, Build build) {}

    public static PackerManifest read(Path file) throws PackerManifestException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new PackerManifestException(
                    "Packer manifest " + file + " does not exist. Point"
                            + " marketplace.packerManifest at the file Packer's manifest post-processor writes.",
                    e);
        } catch (IOException e) {
            throw new PackerManifestException(
                    "Packer manifest " + file + " cannot be read as JSON: " + firstLine(e.getMessage())
                            + ". Check marketplace.packerManifest.",
                    e);
        }
        if (root == null || !root.isObject()) {
            throw new PackerManifestException(
                    "Packer manifest " + file + " is not a JSON object. Check" + " marketplace.packerManifest.");
        }
        JsonNode buildsNode = root.get("builds");
        if (buildsNode == null || !buildsNode.isArray()) {
            throw new PackerManifestException(
                    "Packer manifest " + file + " has no 'builds' array. Check" + " marketplace.packerManifest.");
        }
        List<Build> builds = new ArrayList<>();
        for (JsonNode node : buildsNode) {
            if (node != null && node.isObject()) {
                builds.add(new Build(
                        text(node, "name"),
                        text(node, "builder_type"),
                        text(node, "artifact_id"),
                        text(node, "packer_run_uuid")));
            }
        }
        return new PackerManifest(file, text(root, "last_run_uuid"), builds);
    }

    public List<Build> builds() {
        return builds;
    }

    public Optional<String> lastRunUuid() {
        return Optional.ofNullable(lastRunUuid);
    }

    /** The image of the last DigitalOcean build of the last run. */
    public DigitalOceanImage lastDigitalOceanImage() throws PackerManifestException {
        Build chosen = null;
        for (Build build : builds) {
            if (build.isDigitalOcean()
                    && (lastRunUuid == null || build.runUuid() == null || lastRunUuid.equals(build.runUuid()))) {
                chosen = build;
            }
        }
        if (chosen == null) {
            boolean anyDigitalOcean = builds.stream().anyMatch(Build::isDigitalOcean);
            throw new PackerManifestException("Packer manifest " + file + " has no DigitalOcean build"
                    + (anyDigitalOcean ? " in its last run (" + lastRunUuid + ")" : "")
                    + ". Run Packer with the digitalocean builder and the manifest post-processor, or set"
                    + " marketplace.imageId.");
        }
        return parse(chosen);
    }

    private DigitalOceanImage parse(Build build) throws PackerManifestException {
        String artifact = build.artifactId();
        if (artifact == null || artifact.isBlank()) {
            throw new PackerManifestException("Packer manifest " + file + ": build '" + build.name()
                    + "' has no artifact_id. Set marketplace.imageId instead.");
        }
        int colon = artifact.lastIndexOf(':');
        String idText = artifact.substring(colon + 1).trim();
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw new PackerManifestException(
                    "Packer manifest " + file + ": artifact_id '" + artifact
                            + "' does not end with a numeric image id. Set marketplace.imageId instead.",
                    e);
        }
        if (id <= 0) {
            throw new PackerManifestException("Packer manifest " + file + ": artifact_id '" + artifact
                    + "' has a non-positive image id. Set marketplace.imageId instead.");
        }
        List<String> regions = colon <= 0
                ? List.of()
                : Arrays.stream(artifact.substring(0, colon).split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        return new DigitalOceanImage(id, regions, build);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
