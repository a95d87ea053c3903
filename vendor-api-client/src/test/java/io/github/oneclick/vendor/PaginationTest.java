package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.oneclick.vendor.model.Snapshot;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Collections follow {@code links.pages.next}, 200 per page, and fetch a page only when it is needed. */
class PaginationTest extends MockServerTest {

    @Test
    void threePagesAreReadInOrderByFollowingTheNextLinks() throws Exception {
        String page1 =
                server.url("/v2/droplets/3164444/snapshots?page=1&per_page=200").toString();
        String page2 =
                server.url("/v2/droplets/3164444/snapshots?page=2&per_page=200").toString();
        String page3 =
                server.url("/v2/droplets/3164444/snapshots?page=3&per_page=200").toString();
        enqueueJson(200, snapshotsPage(List.of(1, 2), null, page2, page3));
        enqueueJson(200, snapshotsPage(List.of(3, 4), page1, page3, page3));
        enqueueJson(200, snapshotsPage(List.of(5), page2, null, null));

        List<String> ids =
                client().listDropletSnapshots(3164444).map(Snapshot::id).toList();

        assertThat(ids).containsExactly("1", "2", "3", "4", "5");
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(takeRequest().getPath()).isEqualTo("/v2/droplets/3164444/snapshots?per_page=200");
        assertThat(takeRequest().getPath()).isEqualTo("/v2/droplets/3164444/snapshots?page=2&per_page=200");
        assertThat(takeRequest().getPath()).isEqualTo("/v2/droplets/3164444/snapshots?page=3&per_page=200");
    }

    @Test
    void nextPageIsFetchedOnlyWhenTheCurrentPageIsUsedUp() {
        String page2 = server.url("/v2/snapshots?page=2&per_page=200&resource_type=droplet")
                .toString();
        enqueueJson(200, snapshotsPage(List.of(1, 2), null, page2, page2));
        enqueueJson(200, snapshotsPage(List.of(3), null, null, null));

        Stream<Snapshot> stream = client().listSnapshots();
        assertThat(server.getRequestCount())
                .as("nothing is fetched before the stream is used")
                .isZero();
        Iterator<Snapshot> iterator = stream.iterator();
        assertThat(iterator.next().id()).isEqualTo("1");
        assertThat(iterator.next().id()).isEqualTo("2");
        assertThat(server.getRequestCount()).isEqualTo(1);

        assertThat(iterator.next().id()).isEqualTo("3");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(iterator.hasNext()).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void findingAnElementOnTheFirstPageReadsNoFurtherPage() {
        String page2 =
                server.url("/v2/droplets/1/snapshots?page=2&per_page=200").toString();
        enqueueJson(200, snapshotsPage(List.of(1, 2), null, page2, page2));

        assertThat(client().listDropletSnapshots(1)
                        .filter(s -> s.id().equals("2"))
                        .findFirst())
                .isPresent();

        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void emptyLinksMeanASinglePage() {
        enqueueJson(200, resource("droplet-snapshots.json"));

        assertThat(client().listDropletSnapshots(3164444).toList()).hasSize(1);

        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void everyCollectionPagesTheSameWay() throws Exception {
        String next =
                server.url("/v2/droplets?page=2&per_page=200&tag_name=web").toString();
        enqueueJson(200, "{\"droplets\":[{\"id\":1}],\"links\":{\"pages\":{\"next\":\"" + next + "\"}}}");
        enqueueJson(200, "{\"droplets\":[{\"id\":2}],\"links\":{}}");
        enqueueJson(200, "{\"droplets\":[{\"id\":3}],\"links\":{}}");
        next = server.url("/v2/droplets/9/actions?page=2&per_page=200").toString();
        enqueueJson(200, "{\"actions\":[{\"id\":10}],\"links\":{\"pages\":{\"next\":\"" + next + "\"}}}");
        enqueueJson(200, "{\"actions\":[{\"id\":11}],\"links\":{}}");
        DigitalOceanClient client = client();

        assertThat(client.listDropletsByTag("web").map(d -> d.id()).toList())
                .as("GPU droplet 3 after the others")
                .containsExactly(1L, 2L, 3L);
        assertThat(client.listDropletActions(9).map(a -> a.id()).toList()).containsExactly(10L, 11L);

        assertThat(server.getRequestCount()).isEqualTo(5);
    }

    @Test
    void aFailedPageIsRetriedLikeAnyRead() {
        String page2 =
                server.url("/v2/droplets/1/snapshots?page=2&per_page=200").toString();
        enqueueJson(200, snapshotsPage(List.of(1), null, page2, page2));
        enqueueJson(503, "{}");
        enqueueJson(200, snapshotsPage(List.of(2), null, null, null));

        assertThat(client().listDropletSnapshots(1).map(Snapshot::id).toList()).containsExactly("1", "2");

        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aNextLinkToAnotherHostIsRefusedSoTheTokenStaysHome() {
        String foreign = "http://api.example.invalid:" + server.getPort() + "/v2/droplets/1/snapshots?page=2";
        enqueueJson(200, snapshotsPage(List.of(1), null, foreign, foreign));

        UnexpectedResponseException e = catchThrowableOfType(
                UnexpectedResponseException.class,
                () -> client().listDropletSnapshots(1).toList());

        assertThat(e.getMessage())
                .contains(
                        "GET /v2/droplets/1/snapshots",
                        "next-page link outside the API",
                        "api.example.invalid",
                        "refusing to follow it");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aNextLinkToHttpsOfTheSameHostIsRefused() {
        String foreign = server.url("/v2/droplets/1/snapshots?page=2")
                .newBuilder()
                .scheme("https")
                .build()
                .toString();
        enqueueJson(200, snapshotsPage(List.of(1), null, foreign, foreign));

        catchThrowableOfType(
                UnexpectedResponseException.class,
                () -> client().listDropletSnapshots(1).toList());

        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aNextLinkOnTheSameHostButAnotherPortIsRefused() throws Exception {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.start();
            String foreign = elsewhere.url("/v2/droplets/1/snapshots?page=2").toString();
            enqueueJson(200, snapshotsPage(List.of(1), null, foreign, foreign));

            catchThrowableOfType(
                    UnexpectedResponseException.class,
                    () -> client().listDropletSnapshots(1).toList());

            assertThat(elsewhere.getRequestCount()).isZero();
        }
    }

    @Test
    void aNextLinkBackToAPageAlreadyReadFailsInsteadOfLooping() {
        String page1 = server.url("/v2/droplets/1/snapshots?per_page=200").toString();
        String page2 =
                server.url("/v2/droplets/1/snapshots?page=2&per_page=200").toString();
        enqueueJson(200, snapshotsPage(List.of(1), null, page2, page2));
        enqueueJson(200, snapshotsPage(List.of(2), null, page1, page2));

        UnexpectedResponseException e = catchThrowableOfType(
                UnexpectedResponseException.class,
                () -> client().listDropletSnapshots(1).toList());

        assertThat(e).hasMessageContaining("links back to a page already read");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aWalkStopsWithAnErrorAfterTheMostPagesItReads() {
        server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String page = request.getRequestUrl().queryParameter("page");
                int n = page == null ? 1 : Integer.parseInt(page);
                return json(
                        200,
                        snapshotsPage(
                                List.of(n),
                                null,
                                server.url("/v2/droplets/1/snapshots?page=" + (n + 1) + "&per_page=200")
                                        .toString(),
                                null));
            }
        });

        UnexpectedResponseException e = catchThrowableOfType(
                UnexpectedResponseException.class,
                () -> client().listDropletSnapshots(1).toList());

        assertThat(e).hasMessageContaining("more than 100 pages");
        assertThat(server.getRequestCount()).isEqualTo(100);
    }

    /** A droplet-snapshots page with numeric ids and the given {@code links.pages} entries (null: left out). */
    private static String snapshotsPage(List<Integer> ids, String prev, String next, String last) {
        StringBuilder items = new StringBuilder();
        for (int id : ids) {
            if (items.length() > 0) {
                items.append(',');
            }
            items.append("{\"id\":")
                    .append(id)
                    .append(",\"name\":\"snap-")
                    .append(id)
                    .append("\",\"created_at\":\"2024-05-01T12:00:00Z\",\"regions\":[\"nyc3\"],\"type\":\"snapshot\"}");
        }
        StringBuilder pages = new StringBuilder();
        appendLink(pages, "prev", prev);
        appendLink(pages, "next", next);
        appendLink(pages, "last", last);
        return "{\"snapshots\":[" + items + "],\"links\":{\"pages\":{" + pages + "}},\"meta\":{\"total\":5}}";
    }

    private static void appendLink(StringBuilder pages, String key, String url) {
        if (url == null) {
            return;
        }
        if (pages.length() > 0) {
            pages.append(',');
        }
        pages.append('"').append(key).append("\":\"").append(url).append('"');
    }
}
