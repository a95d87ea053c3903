package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.vendor.model.Action;
import io.github.oneclick.vendor.model.AppDetails;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.Region;
import io.github.oneclick.vendor.model.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The example bodies of the API reference (under {@code src/test/resources/.../api/}) and their known variants are
 * read without error: unknown fields ignored, a region as object or slug, snapshot ids as number or string.
 */
class LenientParsingTest extends MockServerTest {

    @Test
    void dropletExampleIsReadWithItsNestedObjects() {
        enqueueJson(200, resource("droplet.json"));

        Droplet droplet = client().getDroplet(3164444);

        assertThat(droplet.id()).isEqualTo(3164444);
        assertThat(droplet.name()).isEqualTo("example.com");
        assertThat(droplet.status()).isEqualTo(Droplet.ACTIVE);
        assertThat(droplet.isOff()).isFalse();
        assertThat(droplet.locked()).isFalse();
        assertThat(droplet.snapshotIds()).containsExactly(67512819L);
        assertThat(droplet.region().slug()).isEqualTo("nyc3");
        assertThat(droplet.region().name()).isEqualTo("New York 3");
        assertThat(droplet.region().sizes()).containsExactly("s-1vcpu-1gb", "s-1vcpu-2gb");
        assertThat(droplet.region().available()).isTrue();
        assertThat(droplet.regionSlug()).isEqualTo("nyc3");
        assertThat(droplet.sizeSlug()).isEqualTo("s-1vcpu-1gb");
        assertThat(droplet.image().slug()).isEqualTo("ubuntu-20-04-x64");
        assertThat(droplet.image().minDiskSize()).isEqualTo(20);
        assertThat(droplet.disk()).isEqualTo(25);
        assertThat(droplet.tags()).containsExactly("web", "env:prod");
        assertThat(droplet.createdAt()).isEqualTo(Instant.parse("2020-07-21T18:37:44Z"));
        assertThat(droplet.publicIpv4()).contains("192.241.165.154");
    }

    @Test
    void dropletWithoutOptionalFieldsIsReadWithEmptyDefaults() {
        enqueueJson(200, "{\"droplet\":{\"id\":5,\"status\":\"off\",\"networks\":{},\"region\":null}}");

        Droplet droplet = client().getDroplet(5);

        assertThat(droplet.isOff()).isTrue();
        assertThat(droplet.snapshotIds()).isEmpty();
        assertThat(droplet.tags()).isEmpty();
        assertThat(droplet.region()).isNull();
        assertThat(droplet.publicIpv4()).isEmpty();
        assertThat(droplet.image()).isNull();
        assertThat(droplet.regionSlug()).isNull();
    }

    @Test
    void actionWithTheRegionAsAnObjectIsRead() {
        enqueueJson(200, resource("action-region-object.json"));

        Action action = client().getAction(36804636);

        assertThat(action.id()).isEqualTo(36804636);
        assertThat(action.isCompleted()).isTrue();
        assertThat(action.type()).isEqualTo("snapshot");
        assertThat(action.startedAt()).isEqualTo(Instant.parse("2020-11-14T16:29:21Z"));
        assertThat(action.completedAt()).isEqualTo(Instant.parse("2020-11-14T16:30:06Z"));
        assertThat(action.resourceId()).isEqualTo(3164444L);
        assertThat(action.resourceType()).isEqualTo("droplet");
        assertThat(action.region())
                .isEqualTo(new Region(
                        "nyc3",
                        "New York 3",
                        List.of("s-1vcpu-1gb", "s-1vcpu-2gb", "s-1vcpu-3gb"),
                        List.of("private_networking", "backups", "ipv6", "metadata"),
                        true));
        assertThat(action.regionSlug()).isEqualTo("nyc3");
    }

    @Test
    void actionWithTheRegionAsAPlainSlugIsRead() {
        enqueueJson(200, resource("action-region-string.json"));

        Action action = client().getAction(31208346);

        assertThat(action.isInProgress()).isTrue();
        assertThat(action.completedAt()).isNull();
        assertThat(action.region()).isEqualTo(new Region("nyc2", null));
    }

    @Test
    void erroredActionIsRecognised() {
        enqueueJson(200, "{\"action\":{\"id\":1,\"status\":\"errored\",\"type\":\"snapshot\",\"region\":null}}");

        Action action = client().getAction(1);

        assertThat(action.isErrored()).isTrue();
        assertThat(action.region()).isNull();
    }

    @Test
    void dropletSnapshotIdsAreNumbers() {
        enqueueJson(200, resource("droplet-snapshots.json"));

        List<Snapshot> snapshots = client().listDropletSnapshots(3164444).toList();

        assertThat(snapshots).hasSize(1);
        Snapshot snapshot = snapshots.get(0);
        assertThat(snapshot.id()).isEqualTo("6372321");
        assertThat(snapshot.imageId()).isEqualTo(OptionalLong.of(6372321));
        assertThat(snapshot.name()).isEqualTo("web-01-1595954862243");
        assertThat(snapshot.createdAt()).isEqualTo(Instant.parse("2020-07-28T16:47:44Z"));
        assertThat(snapshot.regions()).containsExactly("nyc3", "sfo3");
        assertThat(snapshot.minDiskSize()).isEqualTo(25);
        assertThat(snapshot.sizeGigabytes()).isEqualTo(2.34);
        assertThat(snapshot.type()).isEqualTo("snapshot");
        assertThat(snapshot.tags()).isEmpty();
    }

    @Test
    void teamSnapshotIdsAreStringsAndVolumeSnapshotsHaveNoImageId() {
        enqueueJson(200, resource("snapshots.json"));

        List<Snapshot> snapshots = client().listSnapshots().toList();

        assertThat(snapshots)
                .extracting(Snapshot::id)
                .containsExactly("6372321", "fbe805e8-866b-11e6-96bf-000f53315a41");
        assertThat(snapshots.get(0).imageId()).isEqualTo(OptionalLong.of(6372321));
        assertThat(snapshots.get(0).resourceId()).isEqualTo("200776916");
        assertThat(snapshots.get(0).resourceType()).isEqualTo("droplet");
        assertThat(snapshots.get(0).tags()).containsExactly("web", "env:prod");
        assertThat(snapshots.get(1).imageId()).isEmpty();
        assertThat(snapshots.get(1).resourceType()).isEqualTo("volume");
    }

    @Test
    void imageExampleIsRead() {
        enqueueJson(200, resource("image.json"));

        Image image = client().getImage(6918990);

        assertThat(image.id()).isEqualTo(6918990);
        assertThat(image.name()).isEqualTo("14.04 x64");
        assertThat(image.distribution()).isEqualTo("Ubuntu");
        assertThat(image.isPublic()).isTrue();
        assertThat(image.isSnapshot()).isTrue();
        assertThat(image.isAvailable()).isTrue();
        assertThat(image.minDiskSize()).isEqualTo(20);
        assertThat(image.sizeGigabytes()).isEqualTo(2.34);
        assertThat(image.regions()).hasSize(10).contains("nyc3");
        assertThat(image.createdAt()).isEqualTo(Instant.parse("2014-10-17T20:24:33Z"));
        assertThat(image.errorMessage()).isEmpty();
    }

    @Test
    void imageWithNullSizesAndUppercaseStatusIsRead() {
        enqueueJson(
                200,
                "{\"image\":{\"id\":9,\"type\":\"custom\",\"status\":\"NEW\",\"min_disk_size\":null,"
                        + "\"size_gigabytes\":null,\"regions\":null,\"slug\":null}}");

        Image image = client().getImage(9);

        assertThat(image.minDiskSize()).isNull();
        assertThat(image.sizeGigabytes()).isNull();
        assertThat(image.regions()).isEmpty();
        assertThat(image.isAvailable()).isFalse();
    }

    @Test
    void vendorPortalExampleResponseIsRead() {
        enqueueJson(200, resource("app-update-response.json"));

        AppDetails app = client().updateApp(
                        "60089fc6d333037bffa70d9b",
                        io.github.oneclick.vendor.model.AppUpdate.builder()
                                .imageId(413639)
                                .build());

        assertThat(app.appId()).isEqualTo("60089fc6d333037bffa70d9b");
        assertThat(app.name()).isEqualTo("Example App ");
        assertThat(app.version()).as("an integer in the response, kept as text").isEqualTo("4");
        assertThat(app.type()).isEqualTo("droplet");
        assertThat(app.statusValue()).isEqualTo("pending");
        assertThat(app.status())
                .isEqualTo(new AppDetails.Status("pending", 1692302119556L, "administrator", "example"));
        assertThat(app.customData())
                .containsEntry("version", "3")
                .containsEntry("osVersion", "Ubuntu 20.04")
                .containsEntry("imageLabel", "sample-20-04")
                .containsEntry("reasonForUpdate", "Sample");
        assertThat(app.listedImageId()).isEqualTo(OptionalLong.of(417346));
    }

    @Test
    void vendorPortalResponseVariantsAreRead() {
        enqueueJson(
                200,
                "{\"appId\":\"60089fc6d333037bffa70d9b\",\"version\":\"7\",\"status\":\"in review\",\"customData\":{\"imageId\":"
                        + "\"417346\"},\"showOnCatalog\":{\"value\":true},\"developerId\":\"d1\"}");

        AppDetails app = client().updateApp(
                        "60089fc6d333037bffa70d9b",
                        io.github.oneclick.vendor.model.AppUpdate.builder()
                                .imageId(1)
                                .build());

        assertThat(app.version()).isEqualTo("7");
        assertThat(app.statusValue()).isEqualTo("in review");
        assertThat(app.status().lastUpdated()).isNull();
        assertThat(app.listedImageId()).isEqualTo(OptionalLong.of(417346));
    }

    @Test
    void vendorPortalResponseWithoutOptionalPartsIsRead() {
        enqueueJson(200, "{\"appId\":\"60089fc6d333037bffa70d9b\"}");

        AppDetails app = client().updateApp(
                        "60089fc6d333037bffa70d9b",
                        io.github.oneclick.vendor.model.AppUpdate.builder()
                                .imageId(1)
                                .build());

        assertThat(app.status()).isNull();
        assertThat(app.statusValue()).isNull();
        assertThat(app.customData()).isEmpty();
        assertThat(app.listedImageId()).isEmpty();
    }

    @Test
    void unknownFieldsAreIgnoredEverywhere() {
        enqueueJson(
                200,
                "{\"droplet\":{\"id\":5,\"brand_new\":{\"nested\":[1,2]},\"region\":{\"slug\":\"fra1\","
                        + "\"brand_new\":true}},\"also_new\":1}");

        assertThat(client().getDroplet(5).region().slug()).isEqualTo("fra1");
    }
}
