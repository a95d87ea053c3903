package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * DigitalOcean's catalogue, the same for every account: droplet sizes, regions and the distribution images a droplet
 * can be created from. A small, realistic subset; every scenario serves it.
 */
final class Catalogue {

    /** A droplet size ({@code GET /v2/sizes}). */
    record Size(
            String slug,
            int memory,
            int vcpus,
            int disk,
            double transfer,
            double priceMonthly,
            double priceHourly,
            String description,
            List<String> regions) {

        boolean gpu() {
            return slug.startsWith("gpu-");
        }
    }

    /** A public distribution image ({@code GET /v2/images?type=distribution}). */
    record Distribution(
            long id, String slug, String name, String distribution, int minDiskSize, double sizeGigabytes) {}

    /** Every region, in the order {@code GET /v2/regions} lists them. */
    static final List<String> REGIONS =
            List.of("ams3", "blr1", "fra1", "lon1", "nyc1", "nyc2", "nyc3", "sfo2", "sfo3", "sgp1", "syd1", "tor1");

    private static final List<String> GPU_REGIONS = List.of("nyc2", "tor1");

    static final List<Size> SIZES = List.of(
            new Size("s-1vcpu-512mb-10gb", 512, 1, 10, 0.5, 4.00, 0.00595, "Basic", REGIONS),
            new Size("s-1vcpu-1gb", 1024, 1, 25, 1.0, 6.00, 0.00893, "Basic", REGIONS),
            new Size("s-1vcpu-2gb", 2048, 1, 50, 2.0, 12.00, 0.01786, "Basic", REGIONS),
            new Size("s-2vcpu-2gb", 2048, 2, 60, 3.0, 18.00, 0.02679, "Basic", REGIONS),
            new Size("s-2vcpu-4gb", 4096, 2, 80, 4.0, 24.00, 0.03571, "Basic", REGIONS),
            new Size("gpu-h100x1-80gb", 245_760, 20, 720, 15.0, 2522.16, 3.39, "H100 GPU - 1X", GPU_REGIONS));

    /** The distribution images; {@code ubuntu-22-04-x64} is {@link Scenarios#BASE_IMAGE_ID}, the demo droplets' image. */
    static final List<Distribution> DISTRIBUTIONS = List.of(
            new Distribution(Scenarios.BASE_IMAGE_ID, "ubuntu-22-04-x64", "22.04 (LTS) x64", "Ubuntu", 7, 2.43),
            new Distribution(
                    Scenarios.UBUNTU_24_04_IMAGE_ID, "ubuntu-24-04-x64", "24.04 (LTS) x64", "Ubuntu", 15, 2.76),
            new Distribution(Scenarios.DEBIAN_12_IMAGE_ID, "debian-12-x64", "12 x64", "Debian", 10, 1.64));

    static final Set<String> DISTRIBUTION_SLUGS =
            Set.copyOf(DISTRIBUTIONS.stream().map(Distribution::slug).toList());

    private static final Instant RELEASED = Instant.parse("2024-04-25T08:34:27Z");

    private Catalogue() {}

    /** Adds the distribution images to a freshly cleared state. */
    static void seed(SandboxState state) {
        for (Distribution d : DISTRIBUTIONS) {
            state.addDistributionImage(
                    d.id(),
                    d.slug(),
                    d.name(),
                    d.distribution(),
                    d.minDiskSize(),
                    d.sizeGigabytes(),
                    REGIONS,
                    RELEASED);
        }
    }

    static Size size(String slug) {
        return SIZES.stream().filter(s -> s.slug().equals(slug)).findFirst().orElse(null);
    }

    static boolean isRegion(String slug) {
        return REGIONS.contains(slug);
    }

    static ObjectNode sizeJson(Size s) {
        ObjectNode n = Json.object();
        n.put("slug", s.slug());
        n.put("memory", s.memory());
        n.put("vcpus", s.vcpus());
        n.put("disk", s.disk());
        n.put("transfer", s.transfer());
        n.put("price_monthly", s.priceMonthly());
        n.put("price_hourly", s.priceHourly());
        ArrayNode regions = n.putArray("regions");
        s.regions().forEach(regions::add);
        n.put("available", true);
        n.put("description", s.description());
        return n;
    }

    static ObjectNode regionJson(String slug) {
        ObjectNode r = Json.object();
        r.put("name", regionName(slug));
        r.put("slug", slug);
        r.putArray("features").add("backups").add("ipv6").add("metadata").add("install_agent");
        r.put("available", true);
        ArrayNode sizes = r.putArray("sizes");
        SIZES.stream().filter(s -> s.regions().contains(slug)).forEach(s -> sizes.add(s.slug()));
        return r;
    }

    private static String regionName(String slug) {
        if (slug == null || slug.length() < 4) {
            return String.valueOf(slug);
        }
        String city = switch (slug.substring(0, 3)) {
            case "nyc" -> "New York";
            case "ams" -> "Amsterdam";
            case "fra" -> "Frankfurt";
            case "lon" -> "London";
            case "sfo" -> "San Francisco";
            case "sgp" -> "Singapore";
            case "tor" -> "Toronto";
            case "blr" -> "Bangalore";
            case "syd" -> "Sydney";
            default -> slug.substring(0, 3).toUpperCase(Locale.ROOT);
        };
        return city + " " + slug.substring(3);
    }
}
