package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.marketplace.output.GoalOutputs;
import io.github.oneclick.marketplace.output.SnapshotOutput;
import io.github.oneclick.marketplace.packer.PackerManifest;
import io.github.oneclick.marketplace.packer.PackerManifestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Finds the image to release or test, first to last: the {@code imageId} parameter, the snapshot {@code marketplace:snapshot}
 * handed over in this build, the snapshot record of an earlier build ({@code target/marketplace/snapshot.json}), the
 * Packer manifest ({@code packerManifest}, else {@code manifest.json} or {@code packer-manifest.json} in the project
 * directory).
 */
final class ImageIdResolver {
    static final List<String> DEFAULT_MANIFESTS = List.of("manifest.json", "packer-manifest.json");

    private ImageIdResolver() {}

    /**
     * The chosen image id and where it came from.
     *
     * @param imageId the image id
     * @param source a description of the source, for the log
     * @param fromThisBuild whether marketplace:snapshot took it in this build
     */
    record Resolved(long imageId, String source, boolean fromThisBuild) {
        Resolved(long imageId, String source) {
            this(imageId, source, false);
        }
    }

    static Resolved resolve(
            String imageId,
            Optional<SnapshotOutput> handedOver,
            Path outputDirectory,
            Path packerManifest,
            Path baseDirectory,
            String purpose)
            throws MojoFailureException {
        if (imageId != null && !imageId.isBlank()) {
            return new Resolved(parse(imageId.strip(), "marketplace.imageId"), "marketplace.imageId");
        }
        if (handedOver.isPresent()) {
            return new Resolved(
                    handedOver.get().imageId(), "the snapshot marketplace:snapshot took in this build", true);
        }
        Path snapshotFile = outputDirectory.resolve(GoalOutputs.SNAPSHOT_FILE);
        Optional<SnapshotOutput> recorded = readRecord(outputDirectory, snapshotFile);
        if (recorded.isPresent()) {
            return new Resolved(checked(recorded.get().imageId(), snapshotFile.toString()), snapshotFile.toString());
        }
        Path manifest = packerManifest;
        if (manifest == null) {
            manifest = DEFAULT_MANIFESTS.stream()
                    .map(baseDirectory::resolve)
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElse(null);
        }
        if (manifest == null) {
            throw new MojoFailureException("No image id to " + purpose
                    + ". Set marketplace.imageId, run marketplace:snapshot"
                    + " earlier in the same build (it writes " + snapshotFile + "), or point marketplace.packerManifest"
                    + " at Packer's manifest.json.");
        }
        try {
            PackerManifest.DigitalOceanImage image =
                    PackerManifest.read(manifest).lastDigitalOceanImage();
            return new Resolved(
                    image.imageId(),
                    "Packer manifest " + manifest + " (build '" + image.build().name() + "', artifact "
                            + image.build().artifactId() + ")");
        } catch (PackerManifestException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    private static Optional<SnapshotOutput> readRecord(Path outputDirectory, Path file) throws MojoFailureException {
        try {
            return GoalOutputs.readSnapshot(outputDirectory);
        } catch (IOException e) {
            throw new MojoFailureException(
                    file + " cannot be read: " + e.getMessage() + ". Delete it and run"
                            + " marketplace:snapshot again, or set marketplace.imageId.",
                    e);
        }
    }

    private static long checked(long id, String source) throws MojoFailureException {
        if (id <= 0) {
            throw new MojoFailureException(
                    source + " has no imageId. Run marketplace:snapshot again or set" + " marketplace.imageId.");
        }
        return id;
    }

    private static long parse(String text, String source) throws MojoFailureException {
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MojoFailureException(
                    "Image id '" + text + "' from " + source + " is not a number. An image id"
                            + " is the numeric id of a snapshot, such as 171234567 (not its name, not an action id).",
                    e);
        }
        if (id <= 0) {
            throw new MojoFailureException("Image id " + id + " from " + source + " must be a positive number.");
        }
        return id;
    }
}
