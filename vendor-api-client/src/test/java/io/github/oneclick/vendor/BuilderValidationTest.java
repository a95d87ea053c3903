package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.oneclick.vendor.model.AppUpdate;
import java.time.Duration;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input fails at once with an {@link IllegalArgumentException} naming the field, before any request. */
class BuilderValidationTest extends MockServerTest {
    private static final AppUpdate UPDATE = AppUpdate.builder().imageId(1).build();

    @AfterEach
    void nothingWasSent() {
        assertThat(server.getRequestCount()).as("requests sent").isZero();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void blankTokenIsRefused(String token) {
        assertRefused(() -> DigitalOceanClient.builder().token(token), "token");
    }

    @Test
    void tokenWithInnerWhitespaceOrControlCharactersIsRefusedWithoutEchoingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DigitalOceanClient.builder().token("dop_v1_ab cd"))
                .withMessageContaining("token")
                .withMessageNotContaining("ab cd");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DigitalOceanClient.builder().token("abc\u0000def"))
                .withMessageContaining("token");
    }

    @Test
    void missingTokenIsRefusedAtBuild() {
        assertRefused(
                () -> DigitalOceanClient.builder()
                        .apiUrl(server.url("/").toString())
                        .build(),
                "token");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                " ",
                "not a url",
                "api.digitalocean.com",
                "ftp://api.digitalocean.com/",
                "https://",
                "https://api.digitalocean.com/?page=1",
                "https://api.digitalocean.com/#top"
            })
    void malformedApiUrlIsRefused(String url) {
        assertRefused(() -> DigitalOceanClient.builder().apiUrl(url), "apiUrl");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"https://api.digitalocean.com", "https://api.digitalocean.com/", "http://localhost:8080/do"})
    void wellFormedApiUrlsAreAcceptedWithATrailingSlash(String url) {
        DigitalOceanClient client =
                DigitalOceanClient.builder().token(TOKEN).apiUrl(url).build();

        assertThat(client.apiUrl().toString()).endsWith("/").startsWith(url);
    }

    @Test
    void nonPositiveTimeoutsAreRefused() {
        assertRefused(() -> DigitalOceanClient.builder().connectTimeout(Duration.ZERO), "connectTimeout");
        assertRefused(() -> DigitalOceanClient.builder().readTimeout(Duration.ofSeconds(-1)), "readTimeout");
        assertRefused(() -> DigitalOceanClient.builder().callTimeout(Duration.ZERO), "callTimeout");
        assertRefused(() -> DigitalOceanClient.builder().readTimeout(null), "readTimeout");
        assertRefused(() -> DigitalOceanClient.builder().callTimeout(Duration.ofDays(3)), "at most 48h");
    }

    @Test
    void blankUserAgentIsRefused() {
        assertRefused(() -> DigitalOceanClient.builder().userAgent(" "), "userAgent");
    }

    @Test
    void invalidRetryPoliciesAreRefused() {
        assertRefused(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO), "maxAttempts");
        assertRefused(() -> new RetryPolicy(1, Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO), "initialBackoff");
        assertRefused(
                () -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO), "maxBackoff");
        assertRefused(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(-1)), "maxServerWait");
        assertThatNullPointerException()
                .isThrownBy(() -> DigitalOceanClient.builder().retryPolicy(null));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void nonPositiveImageIdIsRefused(long imageId) {
        DigitalOceanClient client = client();
        assertRefused(() -> AppUpdate.builder().imageId(imageId), "imageId");
        assertRefused(() -> new AppUpdate(imageId, null, null, null, null), "imageId");
        assertRefused(() -> client.getImage(imageId), "imageId");
        assertRefused(() -> client.deleteImage(imageId), "imageId");
        assertRefused(() -> client.transferImage(imageId, "fra1"), "imageId");
        assertRefused(() -> client.getImageAction(imageId, 1), "imageId");
    }

    @Test
    void updateWithoutImageIdIsRefused() {
        assertRefused(() -> AppUpdate.builder().version("1").build(), "imageId");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    @SuppressWarnings("deprecation")
    void blankAppIdIsRefused(String appId) {
        DigitalOceanClient client = client();
        assertRefused(() -> client.updateApp(appId, UPDATE), "appId");
        assertRefused(() -> client.updateAppVersion(appId, "3", UPDATE), "appId");
    }

    @Test
    @SuppressWarnings("deprecation")
    void blankVersionOfTheDeprecatedUpdateIsRefused() {
        assertRefused(() -> client().updateAppVersion("60089fc6d333037bffa70d9b", " ", UPDATE), "version");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -7})
    void nonPositiveDropletAndActionIdsAreRefused(long id) {
        DigitalOceanClient client = client();
        assertRefused(() -> client.getDroplet(id), "dropletId");
        assertRefused(() -> client.deleteDroplet(id), "dropletId");
        assertRefused(() -> client.shutdown(id), "dropletId");
        assertRefused(() -> client.powerOff(id), "dropletId");
        assertRefused(() -> client.powerOn(id), "dropletId");
        assertRefused(() -> client.snapshot(id, "name"), "dropletId");
        assertRefused(() -> client.listDropletActions(id), "dropletId");
        assertRefused(() -> client.listDropletSnapshots(id), "dropletId");
        assertRefused(() -> client.getAction(id), "actionId");
        assertRefused(() -> client.getImageAction(1, id), "actionId");
    }

    @Test
    void blankNamesAreRefused() {
        DigitalOceanClient client = client();
        assertRefused(() -> client.snapshot(1, " "), "name");
        assertRefused(() -> client.listDropletsByName(""), "name");
        assertRefused(() -> client.listDropletsByTag(null), "tag");
        assertRefused(() -> client.transferImage(1, " "), "region");
        assertRefused(() -> client.deleteSnapshot(""), "snapshotId");
    }

    @Test
    void nullCollaboratorsAreRefused() {
        DigitalOceanClient.Builder builder = DigitalOceanClient.builder();
        Consumer<ThrowingCallable> npe =
                call -> assertThatNullPointerException().isThrownBy(call);
        npe.accept(() -> builder.clock(null));
        npe.accept(() -> builder.sleeper(null));
        npe.accept(() -> builder.random(null));
        npe.accept(() -> builder.log(null, HttpLogLevel.NONE));
        npe.accept(() -> builder.log(line -> {}, null));
        npe.accept(() -> client().updateApp("60089fc6d333037bffa70d9b", null));
    }

    private static void assertRefused(ThrowingCallable call, String field) {
        assertThatIllegalArgumentException().isThrownBy(call).withMessageContaining(field);
    }
}
