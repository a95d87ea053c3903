package io.github.oneclick.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class CatalogueTest {

    private static JsonNode find(JsonNode items, String slug) {
        for (JsonNode n : items) {
            if (slug.equals(n.path("slug").asText())) {
                return n;
            }
        }
        throw new AssertionError("No " + slug + " in " + items);
    }

    private static List<String> slugs(JsonNode items) {
        List<String> slugs = new ArrayList<>();
        items.forEach(n -> slugs.add(n.path("slug").asText()));
        return slugs;
    }

    @Test
    void sizesCarryMemoryVcpusDiskPricesAndRegions(Sandbox sandbox) throws IOException {
        JsonNode page = new Http(sandbox).get("/v2/sizes").json();

        JsonNode small = find(page.path("sizes"), "s-1vcpu-1gb");
        assertThat(small.path("memory").asInt()).isEqualTo(1024);
        assertThat(small.path("vcpus").asInt()).isEqualTo(1);
        assertThat(small.path("disk").asInt()).isEqualTo(25);
        assertThat(small.path("price_monthly").asDouble()).isEqualTo(6.0);
        assertThat(small.path("price_hourly").asDouble()).isEqualTo(0.00893);
        assertThat(small.path("available").asBoolean()).isTrue();
        assertThat(small.path("regions").toString()).contains("\"nyc3\"", "\"sfo3\"", "\"ams3\"", "\"fra1\"");
        assertThat(find(page.path("sizes"), "s-1vcpu-512mb-10gb").path("disk").asInt())
                .isEqualTo(10);
        assertThat(find(page.path("sizes"), "s-1vcpu-2gb").path("disk").asInt()).isEqualTo(50);
        assertThat(find(page.path("sizes"), "s-2vcpu-2gb").path("disk").asInt()).isEqualTo(60);
        assertThat(page.path("meta").path("total").asInt()).isEqualTo(6);
    }

    @Test
    void sizesAreListedOnePageAtATime(Sandbox sandbox) throws IOException {
        JsonNode first = new Http(sandbox).get("/v2/sizes?per_page=4").json();

        assertThat(first.path("sizes")).hasSize(4);
        assertThat(first.path("links").path("pages").path("next").asText()).endsWith("/v2/sizes?per_page=4&page=2");
        JsonNode second = new Http(sandbox)
                .get(first.path("links").path("pages").path("next").asText())
                .json();
        assertThat(second.path("sizes")).hasSize(2);
        assertThat(second.path("links").path("pages").has("next")).isFalse();
    }

    @Test
    void regionsListTheSizesOfferedThere(Sandbox sandbox) throws IOException {
        JsonNode regions =
                new Http(sandbox).get("/v2/regions?per_page=200").json().path("regions");

        assertThat(slugs(regions)).contains("nyc3", "sfo3", "ams3", "fra1");
        JsonNode nyc3 = find(regions, "nyc3");
        assertThat(nyc3.path("name").asText()).isEqualTo("New York 3");
        assertThat(nyc3.path("available").asBoolean()).isTrue();
        assertThat(nyc3.path("sizes").toString()).contains("\"s-1vcpu-1gb\"").doesNotContain("gpu-");
        assertThat(find(regions, "tor1").path("sizes").toString()).contains("\"gpu-h100x1-80gb\"");
    }

    @Test
    void distributionImagesAreListedWithTypeDistributionAndNoSnapshots(Sandbox sandbox) throws IOException {
        JsonNode images = new Http(sandbox).get("/v2/images?type=distribution").json();

        assertThat(slugs(images.path("images")))
                .containsExactlyInAnyOrder("ubuntu-22-04-x64", "ubuntu-24-04-x64", "debian-12-x64");
        JsonNode debian = find(images.path("images"), "debian-12-x64");
        assertThat(debian.path("id").asLong()).isEqualTo(Scenarios.DEBIAN_12_IMAGE_ID);
        assertThat(debian.path("distribution").asText()).isEqualTo("Debian");
        assertThat(debian.path("type").asText()).isEqualTo("base");
        assertThat(debian.path("public").asBoolean()).isTrue();
        assertThat(debian.path("min_disk_size").asInt()).isEqualTo(10);
        assertThat(debian.path("size_gigabytes").isNumber()).isTrue();
        assertThat(debian.path("regions").toString()).contains("\"nyc3\"", "\"fra1\"");
        assertThat(new Http(sandbox).get("/v2/images?type=application").json().path("images"))
                .isEmpty();
    }

    @Test
    void aDistributionImageIsReadBySlugOrId(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        JsonNode bySlug = http.get("/v2/images/ubuntu-24-04-x64").json().path("image");
        JsonNode byId =
                http.get("/v2/images/" + Scenarios.UBUNTU_24_04_IMAGE_ID).json().path("image");

        assertThat(bySlug).isEqualTo(byId);
        assertThat(bySlug.path("min_disk_size").asInt()).isEqualTo(15);
        assertThat(bySlug.path("distribution").asText()).isEqualTo("Ubuntu");
        assertThat(http.get("/v2/images/centos-5-x64").status()).isEqualTo(404);
    }

    @Test
    @SandboxScenario(Scenarios.EMPTY)
    void everyScenarioHasTheCatalogue(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        assertThat(http.get("/v2/images?type=distribution").json().path("images"))
                .hasSize(3);
        assertThat(http.get("/v2/sizes").json().path("sizes")).hasSize(6);
        assertThat(http.get("/v2/images?private=true").json().path("images")).isEmpty();
    }
}
