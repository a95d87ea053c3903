package io.github.oneclick.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class PaginationTest {

    private static final String SNAPSHOTS = "/v2/droplets/" + Scenarios.DROPLET_ID + "/snapshots";

    @Test
    @SandboxScenario(Scenarios.MANY_SNAPSHOTS)
    void fourHundredFiftySnapshotsComeInThreePagesOf200FollowingNextLinks(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        Set<Long> seen = new HashSet<>();
        int pages = 0;
        String next = SNAPSHOTS + "?per_page=200";
        JsonNode page = null;
        while (next != null) {
            page = http.get(next).json();
            pages++;
            assertThat(page.path("meta").path("total").asInt()).isEqualTo(450);
            page.path("snapshots").forEach(s -> seen.add(s.path("id").asLong()));
            JsonNode link = page.path("links").path("pages").path("next");
            next = link.isMissingNode() ? null : link.asText();
            if (next != null) {
                HttpUrl url = HttpUrl.get(next);
                assertThat(url.host()).isEqualTo(sandbox.httpUrl().host());
                assertThat(url.port()).isEqualTo(sandbox.port());
                assertThat(url.encodedPath()).isEqualTo(SNAPSHOTS);
                assertThat(url.queryParameter("per_page")).isEqualTo("200");
            }
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(450);
        assertThat(page.path("snapshots")).hasSize(50);
        assertThat(page.path("links").path("pages").has("next")).isFalse();
        assertThat(page.path("links").path("pages").path("prev").asText()).endsWith("page=2");
        assertThat(page.path("links").path("pages").path("first").asText()).endsWith("page=1");
    }

    @Test
    @SandboxScenario(Scenarios.MANY_SNAPSHOTS)
    void theFirstPageLinksToNextAndLastOnly(Sandbox sandbox) throws IOException {
        JsonNode pages = new Http(sandbox)
                .get(SNAPSHOTS + "?per_page=200")
                .json()
                .path("links")
                .path("pages");

        assertThat(pages.has("first")).isFalse();
        assertThat(pages.has("prev")).isFalse();
        assertThat(pages.path("next").asText()).isEqualTo(sandbox.url(SNAPSHOTS + "?per_page=200&page=2"));
        assertThat(pages.path("last").asText()).isEqualTo(sandbox.url(SNAPSHOTS + "?per_page=200&page=3"));
    }

    @Test
    @SandboxScenario(Scenarios.MANY_SNAPSHOTS)
    void perPageDefaultsTo20AndIsCappedAt200(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        assertThat(http.get(SNAPSHOTS).json().path("snapshots")).hasSize(20);
        assertThat(http.get(SNAPSHOTS + "?per_page=1000").json().path("snapshots"))
                .hasSize(200);
    }

    @Test
    void everythingOnOnePageHasEmptyLinks(Sandbox sandbox) throws IOException {
        JsonNode page = new Http(sandbox).get(SNAPSHOTS).json();

        assertThat(page.path("links").isObject()).isTrue();
        assertThat(page.path("links")).isEmpty();
        assertThat(page.path("meta").path("total").asInt()).isEqualTo(3);
        JsonNode first = page.path("snapshots").get(0);
        assertThat(first.path("id").isIntegralNumber()).isTrue();
        assertThat(first.path("type").asText()).isEqualTo("snapshot");
    }

    @Test
    void theSnapshotsListingUsesStringIds(Sandbox sandbox) throws IOException {
        JsonNode page =
                new Http(sandbox).get("/v2/snapshots?resource_type=droplet").json();

        JsonNode first = page.path("snapshots").get(0);
        assertThat(first.path("id").isTextual()).isTrue();
        assertThat(first.path("id").asText()).isEqualTo(Long.toString(Scenarios.OLD_SNAPSHOT_IDS.get(0)));
        assertThat(first.path("resource_id").isTextual()).isTrue();
        assertThat(first.path("resource_id").asText()).isEqualTo(Long.toString(Scenarios.DROPLET_ID));
        assertThat(first.path("resource_type").asText()).isEqualTo("droplet");
        assertThat(page.path("meta").path("total").asInt()).isEqualTo(3);
    }
}
