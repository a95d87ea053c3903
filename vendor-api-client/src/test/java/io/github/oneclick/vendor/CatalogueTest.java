package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.Region;
import io.github.oneclick.vendor.model.Size;
import java.util.List;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The catalogue a droplet is checked against before it is created: sizes, regions and public images. */
class CatalogueTest extends MockServerTest {

    static String size(String slug, int disk, double monthly, String... regions) {
        return "{\"slug\":\"" + slug + "\",\"memory\":1024,\"vcpus\":1,\"disk\":" + disk + ",\"transfer\":1.0,"
                + "\"price_monthly\":" + monthly + ",\"price_hourly\":" + (monthly / 730) + ",\"regions\":[\""
                + String.join("\",\"", regions) + "\"],\"available\":true,\"description\":\"Basic\"}";
    }

    @Test
    void listSizesFollowsThePagesAndReadsDiskPricesAndRegions() throws Exception {
        String page2 = server.url("/v2/sizes?page=2&per_page=200").toString();
        enqueueJson(
                200,
                "{\"sizes\":[" + size("s-1vcpu-512mb-10gb", 10, 4.0, "nyc1", "sfo3") + ","
                        + size("s-1vcpu-1gb", 25, 6.0, "nyc3")
                        + "],\"links\":{\"pages\":{\"next\":\"" + page2 + "\"}},\"meta\":{\"total\":3}}");
        enqueueJson(
                200, "{\"sizes\":[" + size("s-2vcpu-2gb", 60, 18.0, "nyc3") + "],\"links\":{},\"meta\":{\"total\":3}}");

        List<Size> sizes = client().listSizes().toList();

        assertThat(sizes).extracting(Size::slug).containsExactly("s-1vcpu-512mb-10gb", "s-1vcpu-1gb", "s-2vcpu-2gb");
        Size first = sizes.get(0);
        assertThat(first.disk()).isEqualTo(10);
        assertThat(first.priceMonthly()).isEqualTo(4.0);
        assertThat(first.priceHourly()).isPositive();
        assertThat(first.regions()).containsExactly("nyc1", "sfo3");
        assertThat(first.isAvailableIn("sfo3")).isTrue();
        assertThat(first.isAvailableIn("nyc3")).isFalse();
        assertThat(takeRequest().getPath()).isEqualTo("/v2/sizes?per_page=200");
        assertThat(takeRequest().getPath()).isEqualTo("/v2/sizes?page=2&per_page=200");
    }

    @Test
    void listRegionsReadsWhetherARegionTakesDropletsAndItsSizes() throws Exception {
        enqueueJson(
                200,
                "{\"regions\":[{\"name\":\"New York 3\",\"slug\":\"nyc3\",\"features\":[\"ipv6\",\"metadata\"],"
                        + "\"available\":true,\"sizes\":[\"s-1vcpu-1gb\"]},"
                        + "{\"name\":\"San Francisco 1\",\"slug\":\"sfo1\",\"features\":[],\"available\":false,"
                        + "\"sizes\":[]}],\"links\":{},\"meta\":{\"total\":2}}");

        List<Region> regions = client().listRegions().toList();

        assertThat(regions)
                .containsExactly(
                        new Region("nyc3", "New York 3", List.of("s-1vcpu-1gb"), List.of("ipv6", "metadata"), true),
                        new Region("sfo1", "San Francisco 1", List.of(), List.of(), false));
        assertThat(takeRequest().getPath()).isEqualTo("/v2/regions?per_page=200");
    }

    @Test
    void getImageBySlugReadsTheMinimumDiskRegionsAndDistribution() throws Exception {
        enqueueJson(
                200,
                "{\"image\":{\"id\":129211873,\"name\":\"24.04 (LTS) x64\",\"distribution\":\"Ubuntu\","
                        + "\"slug\":\"ubuntu-24-04-x64\",\"public\":true,\"regions\":[\"nyc3\",\"ams3\"],"
                        + "\"type\":\"base\",\"min_disk_size\":15,\"status\":\"available\"}}");

        Image image = client().getImage("ubuntu-24-04-x64");

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/v2/images/ubuntu-24-04-x64");
        assertThat(image.slug()).isEqualTo("ubuntu-24-04-x64");
        assertThat(image.minDiskSize()).isEqualTo(15);
        assertThat(image.regions()).containsExactly("nyc3", "ams3");
        assertThat(image.distribution()).isEqualTo("Ubuntu");
    }

    @Test
    void anUnknownImageSlugIsNotFound() {
        enqueueJson(404, "{\"id\":\"not_found\",\"message\":\"The resource you were accessing could not be found.\"}");

        catchThrowableOfType(NotFoundException.class, () -> client().getImage("ubuntu-99-04-x64"));

        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anImageSlugWithAPathInItIsRefusedBeforeAnyRequest() {
        InvalidSettingException e =
                catchThrowableOfType(InvalidSettingException.class, () -> client().getImage("../droplets"));

        assertThat(e.settings()).containsExactly("slug");
        assertThat(server.getRequestCount()).isZero();
    }
}
