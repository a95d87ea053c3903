package io.github.oneclick.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class RateLimitTest {

    private static final String DROPLET = "/v2/droplets/" + Scenarios.DROPLET_ID;

    @Test
    void everyResponseCarriesTheRateLimitHeaders(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long now = sandbox.clock().instant().getEpochSecond();

        Http.Result first = http.get(DROPLET);
        Http.Result second = http.get("/v2/droplets/999");

        assertThat(first.header("ratelimit-limit")).isEqualTo("5000");
        assertThat(first.header("ratelimit-remaining")).isEqualTo("4999");
        assertThat(first.header("ratelimit-reset")).isEqualTo(Long.toString(now + 3600));
        assertThat(second.status()).isEqualTo(404);
        assertThat(second.header("ratelimit-remaining")).isEqualTo("4998");
    }

    @Test
    void theResetIsWhenTheOldestCountedRequestExpires(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long start = sandbox.clock().instant().getEpochSecond();
        http.get(DROPLET);
        sandbox.advance(Duration.ofMinutes(10));

        Http.Result later = http.get(DROPLET);

        assertThat(later.header("ratelimit-reset")).isEqualTo(Long.toString(start + 3600));
        assertThat(later.header("ratelimit-remaining")).isEqualTo("4998");
    }

    @Test
    @SandboxScenario(Scenarios.RATE_LIMITED)
    void anExhaustedLimitAnswers429UntilRequestsExpire(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        for (int i = 0; i < 20; i++) {
            assertThat(http.get(DROPLET).status()).isEqualTo(200);
        }

        Http.Result refused = http.get(DROPLET);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("id").asText()).isEqualTo("too_many_requests");
        assertThat(refused.json().path("message").asText()).isEqualTo("API rate limit exceeded.");
        assertThat(refused.header("ratelimit-remaining")).isEqualTo("0");
        assertThat(refused.header("ratelimit-limit")).isEqualTo("20");
        assertThat(sandbox.requests().last().applied()).isFalse();

        sandbox.advance(Duration.ofHours(1));
        assertThat(http.get(DROPLET).status()).isEqualTo(200);
    }

    @Test
    void theBurstLimitSaysNoneRemainOnItsLastSuccessThenAnswers429WithRetryAfter(Sandbox sandbox) throws IOException {
        sandbox.options(o -> o.withRateLimit(5000, 3));
        Http http = new Http(sandbox);
        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            remaining.add(http.get(DROPLET).header("ratelimit-remaining"));
            sandbox.advance(Duration.ofSeconds(10));
        }

        Http.Result refused = http.get(DROPLET);

        assertThat(remaining).containsExactly("4999", "4998", "0");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("retry-after")).isEqualTo("30");
        assertThat(refused.header("ratelimit-remaining")).isEqualTo("0");
        sandbox.advance(Duration.ofSeconds(30));
        assertThat(http.get(DROPLET).status()).isEqualTo(200);
    }

    @Test
    void tokensAreLimitedSeparately(Sandbox sandbox) throws IOException {
        new Http(sandbox).get(DROPLET);

        Http.Result other = new Http(sandbox).token(Scenarios.FOREIGN_TOKEN).get("/v2/droplets");

        assertThat(other.header("ratelimit-remaining")).isEqualTo("4999");
    }
}
