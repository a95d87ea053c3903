package io.github.oneclick.vendor.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.oneclick.vendor.InvalidSettingException;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.Region;
import io.github.oneclick.vendor.model.Size;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A build plan is refused before anything is created, with the field and the fix, when the catalogue says no. */
class BuildPlanTest {
    private static final Region NYC3 = new Region(
            "nyc3", "New York 3", List.of("s-1vcpu-512mb-10gb", "s-1vcpu-1gb", "s-2vcpu-2gb"), List.of(), true);
    private static final Region AMS3 = new Region("ams3", "Amsterdam 3", List.of("s-1vcpu-1gb"), List.of(), true);
    private static final Region SFO1 = new Region("sfo1", "San Francisco 1", List.of(), List.of(), false);
    private static final List<Region> REGIONS = List.of(NYC3, SFO1, AMS3);

    private static final Size TINY = size("s-1vcpu-512mb-10gb", 10, 4, "nyc3");
    private static final Size SMALL = size("s-1vcpu-1gb", 25, 6, "nyc3", "ams3");
    private static final Size MEDIUM = size("s-2vcpu-2gb", 60, 18, "nyc3");
    private static final Size LARGE_DISK_CHEAP = size("s-1vcpu-2gb-90gb-intel", 90, 14, "nyc3");
    private static final Size GPU = size("gpu-h100x1-80gb", 720, 2500, "tor1");
    private static final List<Size> SIZES = List.of(MEDIUM, GPU, SMALL, LARGE_DISK_CHEAP, TINY);

    private static final Image UBUNTU = image("ubuntu-24-04-x64", 15, "nyc3", "ams3");

    private static Size size(String slug, int disk, double monthly, String... regions) {
        return new Size(slug, 1024, 1, disk, 1, monthly, monthly / 730, List.of(regions), true, "Basic");
    }

    private static Image image(String slug, Integer minDisk, String... regions) {
        return new Image(
                1,
                slug,
                "base",
                "Ubuntu",
                slug,
                true,
                List.of(regions),
                null,
                minDisk,
                null,
                null,
                null,
                "available",
                null);
    }

    private static InvalidSettingException refusal(String region, String size, String image, Optional<Image> found) {
        return catchThrowableOfType(
                InvalidSettingException.class, () -> BuildPlan.check(region, size, image, REGIONS, SIZES, found));
    }

    @Test
    void aRegionSizeAndImageTheCatalogueOffersTogetherMakeAPlan() {
        BuildPlan plan =
                BuildPlan.check("nyc3", "s-1vcpu-1gb", "ubuntu-24-04-x64", REGIONS, SIZES, Optional.of(UBUNTU));

        assertThat(plan.region()).isEqualTo(NYC3);
        assertThat(plan.size()).isEqualTo(SMALL);
        assertThat(plan.image()).isEqualTo(UBUNTU);
    }

    @Test
    void anUnknownRegionIsRefusedListingTheRegionsThatTakeDroplets() {
        InvalidSettingException e = refusal("nyc9", "s-1vcpu-1gb", "ubuntu-24-04-x64", Optional.of(UBUNTU));

        assertThat(e.settings()).containsExactly("region");
        assertThat(e.getMessage()).isEqualTo("region 'nyc9' is not a DigitalOcean region: use one of ams3, nyc3");
    }

    @Test
    void aRegionThatTakesNoDropletsIsRefused() {
        InvalidSettingException e = refusal("sfo1", "s-1vcpu-1gb", "ubuntu-24-04-x64", Optional.of(UBUNTU));

        assertThat(e.settings()).containsExactly("region");
        assertThat(e.getMessage())
                .startsWith("region 'sfo1' takes no new droplets")
                .endsWith("ams3, nyc3");
    }

    @Test
    void anUnknownSizeIsRefusedListingTheCheapestSizesOfTheRegion() {
        InvalidSettingException e = refusal("nyc3", "s-1vcpu-1gib", "ubuntu-24-04-x64", Optional.of(UBUNTU));

        assertThat(e.settings()).containsExactly("size");
        assertThat(e.getMessage())
                .isEqualTo("size 's-1vcpu-1gib' is not a DigitalOcean size: use a size slug; the cheapest in nyc3 are"
                        + " s-1vcpu-512mb-10gb (10 GB), s-1vcpu-1gb (25 GB), s-1vcpu-2gb-90gb-intel (90 GB),"
                        + " s-2vcpu-2gb (60 GB)");
    }

    @Test
    void aSizeNotOfferedInTheRegionIsRefusedNamingTheRegionsThatOfferIt() {
        InvalidSettingException e = refusal("ams3", "s-2vcpu-2gb", "ubuntu-24-04-x64", Optional.of(UBUNTU));

        assertThat(e.settings()).containsExactly("size", "region");
        assertThat(e.getMessage())
                .isEqualTo("size 's-2vcpu-2gb' is not available in region 'ams3': choose a size offered there, the"
                        + " cheapest being s-1vcpu-1gb (25 GB), or a region that offers s-2vcpu-2gb: nyc3");
    }

    @Test
    void anUnknownImageIsRefusedSayingWhatAnImageCanBe() {
        InvalidSettingException e = refusal("nyc3", "s-1vcpu-1gb", "ubuntu-99-04-x64", Optional.empty());

        assertThat(e.settings()).containsExactly("image");
        assertThat(e.getMessage())
                .startsWith("image 'ubuntu-99-04-x64' is not a DigitalOcean image this token can see")
                .contains("public image slug", "numeric id of a snapshot");
    }

    @Test
    void anImageNotInTheRegionIsRefusedNamingItsRegions() {
        InvalidSettingException e =
                refusal("nyc3", "s-1vcpu-1gb", "171234567", Optional.of(image(null, 25, "ams3", "sgp1")));

        assertThat(e.settings()).containsExactly("image", "region");
        assertThat(e.getMessage())
                .startsWith("image '171234567' is not available in region 'nyc3': it is in ams3, sgp1")
                .contains("transfer the image to nyc3");
    }

    @Test
    void aSizeWhoseDiskIsSmallerThanTheImagesMinimumIsRefusedNamingTheCheapestSizeThatFits() {
        InvalidSettingException e = refusal("nyc3", "s-1vcpu-512mb-10gb", "ubuntu-24-04-x64", Optional.of(UBUNTU));

        assertThat(e.settings()).containsExactly("size");
        assertThat(e.getMessage())
                .isEqualTo("size 's-1vcpu-512mb-10gb' has a 10 GB disk, smaller than the 15 GB image"
                        + " 'ubuntu-24-04-x64' needs (its min_disk_size): use size 's-1vcpu-1gb' (25 GB, $6.00 a"
                        + " month), the cheapest in nyc3 whose disk fits");
    }

    @Test
    void whenNoSizeOfTheRegionFitsTheImageTheMessageSaysToChooseAnotherRegion() {
        InvalidSettingException e = refusal("ams3", "s-1vcpu-1gb", "171234567", Optional.of(image(null, 100, "ams3")));

        assertThat(e.getMessage()).endsWith("no size available in ams3 has a disk that large: choose another region");
    }

    @Test
    void theSizeForATestDropletIsTheCheapestInTheRegionWhoseDiskHoldsTheImage() {
        assertThat(BuildPlan.smallestSizeFor("nyc3", 25, SIZES)).contains(SMALL);
        assertThat(BuildPlan.smallestSizeFor("nyc3", 10, SIZES)).contains(TINY);
        assertThat(BuildPlan.smallestSizeFor("nyc3", 61, SIZES))
                .as("by price, not by disk: the 90 GB size is cheaper than larger plans")
                .contains(LARGE_DISK_CHEAP);
        assertThat(BuildPlan.smallestSizeFor("ams3", 26, SIZES)).isEmpty();
        assertThat(BuildPlan.smallestSizeFor("tor1", 25, SIZES)).contains(GPU);
    }

    @Test
    void aSizeThatIsNotAvailableIsNeverPicked() {
        Size unavailable = new Size("s-1vcpu-1gb-amd", 1024, 1, 25, 1, 5, 0.007, List.of("nyc3"), false, "Basic");

        assertThat(BuildPlan.smallestSizeFor("nyc3", 25, List.of(unavailable, MEDIUM)))
                .contains(MEDIUM);
    }
}
