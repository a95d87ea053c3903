package io.github.oneclick.marketplace.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.oneclick.vendor.DigitalOceanClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The one serializer of the goals' outputs: the record files under {@code target/marketplace} that later builds and
 * CI steps read, and the typed hand-over between the goals of one build (through Maven's plugin context, which every
 * execution of this plugin in a project shares). JSON with the client's mapping, indented; this is also the mapping
 * of every other JSON file the plugin writes or reads.
 */
public final class GoalOutputs {
    /** The snapshot record's file name. */
    public static final String SNAPSHOT_FILE = "snapshot.json";
    /** The build record's file name. */
    public static final String BUILD_FILE = "build.json";
    /** The release record's file name. */
    public static final String RELEASE_FILE = "release.json";

    /** The client's mapping, indented, with absent values written as {@code null}: the files keep their shape. */
    private static final ObjectMapper JSON = DigitalOceanClient.objectMapper()
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final String HANDED_OVER = SnapshotOutput.class.getName();
    private static final String PLANNED = PlannedSnapshot.class.getName();
    private static final String BUILT = BuildOutput.class.getName();
    private static final String PLANNED_BUILD = BuildOutput.class.getName() + ".planned";
    private static final String DISK_USED = GoalOutputs.class.getName() + ".diskUsedGb";

    private GoalOutputs() {}

    /** The mapping of every output and every JSON file the plugin reads: a copy, so no caller changes it for others. */
    public static ObjectMapper json() {
        return JSON.copy();
    }

    /** Writes a record file; returns its path. */
    public static Path write(Path directory, String fileName, Object output) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(fileName);
        Files.writeString(file, JSON.writeValueAsString(output) + System.lineSeparator());
        return file;
    }

    /** Reads the snapshot record of an earlier run, if the file exists. */
    public static Optional<SnapshotOutput> readSnapshot(Path directory) throws IOException {
        Path file = directory.resolve(SNAPSHOT_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(Files.readString(file), SnapshotOutput.class));
    }

    /** A value as JSON text, such as a request body. */
    public static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- the hand-over within one build

    /** Hands the new image to the goals that run after this one in the build. */
    public static void handOver(Map<Object, Object> pluginContext, SnapshotOutput snapshot) {
        if (pluginContext != null) {
            pluginContext.put(HANDED_OVER, snapshot);
        }
    }

    /** The image {@code marketplace:snapshot} handed over earlier in this build. */
    public static Optional<SnapshotOutput> handedOver(Map<Object, Object> pluginContext) {
        Object value = pluginContext == null ? null : pluginContext.get(HANDED_OVER);
        return value instanceof SnapshotOutput snapshot ? Optional.of(snapshot) : Optional.empty();
    }

    /** Hands the build droplet to the goals that run after {@code marketplace:build} in this build. */
    public static void handOver(Map<Object, Object> pluginContext, BuildOutput build) {
        if (pluginContext != null) {
            pluginContext.put(BUILT, build);
        }
    }

    /** The build droplet {@code marketplace:build} handed over earlier in this build. */
    public static Optional<BuildOutput> handedOverBuild(Map<Object, Object> pluginContext) {
        Object value = pluginContext == null ? null : pluginContext.get(BUILT);
        return value instanceof BuildOutput build ? Optional.of(build) : Optional.empty();
    }

    /** In a dry run: the build droplet a real run would create, by name, for the later goals' plans. */
    public static void planBuild(Map<Object, Object> pluginContext, String dropletName) {
        if (pluginContext != null) {
            pluginContext.put(PLANNED_BUILD, dropletName);
        }
    }

    /** The name of the build droplet a dry run of {@code marketplace:build} planned earlier in this build. */
    public static Optional<String> plannedBuild(Map<Object, Object> pluginContext) {
        Object value = pluginContext == null ? null : pluginContext.get(PLANNED_BUILD);
        return value instanceof String name ? Optional.of(name) : Optional.empty();
    }

    /** Hands the disk in use that validation measured (in GB) to the snapshot of this build, to scale its wait. */
    public static void handOverDiskUsed(Map<Object, Object> pluginContext, double gigabytes) {
        if (pluginContext != null) {
            pluginContext.put(DISK_USED, gigabytes);
        }
    }

    /** The disk in use, in GB, that {@code marketplace:validate} measured earlier in this build. */
    public static Optional<Double> handedOverDiskUsed(Map<Object, Object> pluginContext) {
        Object value = pluginContext == null ? null : pluginContext.get(DISK_USED);
        return value instanceof Double gigabytes ? Optional.of(gigabytes) : Optional.empty();
    }

    /** In a dry run: the snapshot a real run would take, for the release goal's plan. */
    public static void plan(Map<Object, Object> pluginContext, PlannedSnapshot planned) {
        if (pluginContext != null) {
            pluginContext.put(PLANNED, planned);
        }
    }

    /** The snapshot a dry run of {@code marketplace:snapshot} planned earlier in this build. */
    public static Optional<PlannedSnapshot> planned(Map<Object, Object> pluginContext) {
        Object value = pluginContext == null ? null : pluginContext.get(PLANNED);
        return value instanceof PlannedSnapshot planned ? Optional.of(planned) : Optional.empty();
    }
}
