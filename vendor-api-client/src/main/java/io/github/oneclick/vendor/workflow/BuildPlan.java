package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.InvalidSettingException;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.Region;
import io.github.oneclick.vendor.model.Size;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A droplet's region, size and image, checked against DigitalOcean's catalogue before anything is created: a build
 * or test droplet that cannot be created, or whose disk is too small for the image, is refused here with an
 * {@link InvalidSettingException} that names the field and how to fix it, instead of failing after money was spent.
 *
 * <p>Pure: it reads nothing. The caller passes the catalogue's answers ({@code client.listRegions()},
 * {@code client.listSizes()}, {@code client.getImage(slug)} or {@code getImage(id)}, empty when it answered 404).
 *
 * <pre>{@code
 * Optional<Image> image;
 * try {
 *     image = Optional.of(client.getImage("ubuntu-24-04-x64"));
 * } catch (NotFoundException e) {
 *     image = Optional.empty();
 * }
 * BuildPlan plan = BuildPlan.check("nyc3", "s-1vcpu-1gb", "ubuntu-24-04-x64",
 *         client.listRegions().toList(), client.listSizes().toList(), image);
 * }</pre>
 *
 * @param region the region droplets are created in
 * @param size the droplets' size
 * @param image the image they are created from
 */
public record BuildPlan(Region region, Size size, Image image) {
    /** How many choices a message lists at most. */
    static final int LISTED = 10;

    /** Cheapest first; among equal prices the smaller disk, then the slug. */
    private static final Comparator<Size> BY_PRICE = Comparator.comparingDouble(Size::priceMonthly)
            .thenComparingDouble(Size::priceHourly)
            .thenComparingInt(Size::disk)
            .thenComparing(Size::slug, Comparator.nullsLast(Comparator.naturalOrder()));

    public BuildPlan {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(image, "image");
    }

    /**
     * Checks that a droplet of {@code size} can be created in {@code region} from {@code image}, and that the size's
     * disk holds the image.
     *
     * @param region the region slug asked for
     * @param size the size slug asked for
     * @param image the image slug or id asked for, for messages
     * @param regions every region ({@code GET /v2/regions})
     * @param sizes every size ({@code GET /v2/sizes})
     * @param found the image as {@code GET /v2/images/{image}} answered, empty when it answered 404
     * @throws InvalidSettingException naming {@code region}, {@code size} or {@code image}: an unknown or unavailable
     *     region (with the available ones), an unknown size or one not offered in the region (with sizes that are), an
     *     unknown image or one not in the region, a size whose disk is smaller than the image's {@code min_disk_size}
     *     (with the cheapest size in the region that fits)
     */
    public static BuildPlan check(
            String region,
            String size,
            String image,
            Collection<Region> regions,
            Collection<Size> sizes,
            Optional<Image> found) {
        Objects.requireNonNull(regions, "regions");
        Objects.requireNonNull(sizes, "sizes");
        Objects.requireNonNull(found, "found");
        Region theRegion = region(region, regions);
        Size theSize = size(size, theRegion, sizes);
        Image theImage = found.orElseThrow(() -> new InvalidSettingException(
                "image '" + image + "' is not a DigitalOcean image this token can see: use a public image slug such"
                        + " as 'ubuntu-24-04-x64' (doctl compute image list-distribution --public lists them), or the"
                        + " numeric id of a snapshot of the token's team",
                "image"));
        if (!theImage.regions().isEmpty() && !theImage.regions().contains(theRegion.slug())) {
            throw new InvalidSettingException(
                    "image '" + image + "' is not available in region '" + theRegion.slug() + "': it is in "
                            + String.join(", ", theImage.regions()) + ". Choose one of those regions, or transfer the"
                            + " image to " + theRegion.slug() + " first",
                    "image",
                    "region");
        }
        Integer minDisk = theImage.minDiskSize();
        if (minDisk != null && theSize.disk() < minDisk) {
            String fix = smallestSizeFor(theRegion.slug(), minDisk, sizes)
                    .map(fits -> "use size '" + fits.slug() + "' (" + fits.disk() + " GB, "
                            + String.format(Locale.ROOT, "$%.2f", fits.priceMonthly()) + " a month), the cheapest in "
                            + theRegion.slug() + " whose disk fits")
                    .orElse("no size available in " + theRegion.slug() + " has a disk that large: choose another"
                            + " region");
            throw new InvalidSettingException(
                    "size '" + theSize.slug() + "' has a " + theSize.disk() + " GB disk, smaller than the " + minDisk
                            + " GB image '" + image + "' needs (its min_disk_size): " + fix,
                    "size");
        }
        return new BuildPlan(theRegion, theSize, theImage);
    }

    /**
     * The plan of a droplet made from an image, such as the droplet that tests a new snapshot: in {@code region}, of
     * {@code size} when one is asked for, else of the cheapest size available there whose disk holds the image's
     * {@code min_disk_size}.
     *
     * @param region the region slug asked for
     * @param size the size slug asked for, or {@code null} for the smallest that fits
     * @param image the image, as {@code GET /v2/images/{id}} answered
     * @param regions every region ({@code GET /v2/regions})
     * @param sizes every size ({@code GET /v2/sizes})
     * @throws InvalidSettingException as {@link #check} does, and naming {@code region} when no size there fits
     */
    public static BuildPlan forImage(
            String region, String size, Image image, Collection<Region> regions, Collection<Size> sizes) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(sizes, "sizes");
        Region theRegion = region(region, regions);
        String chosen = size;
        if (chosen == null) {
            int minDisk = image.minDiskSize() == null ? 0 : image.minDiskSize();
            chosen = smallestSizeFor(theRegion.slug(), minDisk, sizes)
                    .map(Size::slug)
                    .orElseThrow(() -> new InvalidSettingException(
                            "no size available in region '" + theRegion.slug() + "' has a disk of the " + minDisk
                                    + " GB image " + image.id() + " needs: choose another region",
                            "region"));
        }
        return check(theRegion.slug(), chosen, String.valueOf(image.id()), regions, sizes, Optional.of(image));
    }

    /**
     * The cheapest size available in the region whose disk holds an image of {@code minDiskSize} GB: the size for a
     * droplet that tests an image, whose {@code min_disk_size} is the disk of the droplet it was built on. Ordered by
     * monthly price, then hourly price, then disk, then slug.
     *
     * @param region the region slug
     * @param minDiskSize the image's {@code min_disk_size} in GB
     * @param sizes every size ({@code GET /v2/sizes})
     * @return the size, or empty when no size available in the region fits
     */
    public static Optional<Size> smallestSizeFor(String region, int minDiskSize, Collection<Size> sizes) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(sizes, "sizes");
        return sizes.stream()
                .filter(s -> s.isAvailableIn(region) && s.disk() >= minDiskSize)
                .min(BY_PRICE);
    }

    private static Region region(String slug, Collection<Region> regions) {
        List<String> available = regions.stream()
                .filter(r -> r.available() && r.slug() != null)
                .map(Region::slug)
                .sorted()
                .toList();
        Optional<Region> region =
                regions.stream().filter(r -> Objects.equals(r.slug(), slug)).findFirst();
        if (region.isEmpty()) {
            throw new InvalidSettingException(
                    "region '" + slug + "' is not a DigitalOcean region: use one of " + String.join(", ", available),
                    "region");
        }
        if (!region.get().available()) {
            throw new InvalidSettingException(
                    "region '" + slug + "' takes no new droplets at the moment: use one of "
                            + String.join(", ", available),
                    "region");
        }
        return region.get();
    }

    private static Size size(String slug, Region region, Collection<Size> sizes) {
        Optional<Size> size =
                sizes.stream().filter(s -> Objects.equals(s.slug(), slug)).findFirst();
        String there = offered(region.slug(), sizes);
        if (size.isEmpty()) {
            throw new InvalidSettingException(
                    "size '" + slug + "' is not a DigitalOcean size: use a size slug; the cheapest in " + region.slug()
                            + " are " + there,
                    "size");
        }
        boolean offered = size.get().isAvailableIn(region.slug())
                && (region.sizes().isEmpty() || region.sizes().contains(slug));
        if (!offered) {
            List<String> elsewhere = size.get().available()
                    ? size.get().regions().stream().sorted().toList()
                    : List.of();
            throw new InvalidSettingException(
                    "size '" + slug + "' is not available in region '" + region.slug() + "': choose a size offered"
                            + " there, the cheapest being " + there
                            + (elsewhere.isEmpty()
                                    ? ""
                                    : ", or a region that offers " + slug + ": " + String.join(", ", elsewhere)),
                    "size",
                    "region");
        }
        return size.get();
    }

    /** The cheapest sizes available in the region, for messages. */
    private static String offered(String region, Collection<Size> sizes) {
        String listed = sizes.stream()
                .filter(s -> s.isAvailableIn(region))
                .sorted(BY_PRICE)
                .limit(LISTED)
                .map(s -> s.slug() + " (" + s.disk() + " GB)")
                .collect(Collectors.joining(", "));
        return listed.isEmpty() ? "none" : listed;
    }
}
