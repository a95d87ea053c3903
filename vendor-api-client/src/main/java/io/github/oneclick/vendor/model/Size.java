package io.github.oneclick.vendor.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A droplet size, as {@code GET /v2/sizes} lists it.
 *
 * @param slug the size slug, such as {@code s-1vcpu-1gb}
 * @param memory the memory in MB
 * @param vcpus the number of virtual CPUs
 * @param disk the disk size in GB
 * @param transfer the monthly transfer allowance in TB
 * @param priceMonthly the monthly price in US dollars
 * @param priceHourly the hourly price in US dollars
 * @param regions slugs of the regions where droplets of this size can be created
 * @param available whether droplets of this size can be created at all
 * @param description a short description, such as {@code Basic}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Size(
        String slug,
        int memory,
        int vcpus,
        int disk,
        double transfer,
        double priceMonthly,
        double priceHourly,
        List<String> regions,
        boolean available,
        String description) {

    public Size {
        regions = regions == null ? List.of() : List.copyOf(regions);
    }

    /** Whether a droplet of this size can be created in the region. */
    public boolean isAvailableIn(String region) {
        return available && regions.contains(region);
    }
}
