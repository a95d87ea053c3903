package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class StatusLagTest {

    private static final String DROPLET = "/v2/droplets/" + Scenarios.DROPLET_ID;

    private static String status(Http http) throws IOException {
        return http.get(DROPLET).json().path("droplet").path("status").asText();
    }

    @Test
    void aDropletReadsItsOldStatusForTheLagAfterItsShutdownCompleted(Sandbox sandbox) throws IOException {
        sandbox.options(o -> o.withStatusLag(Duration.ofSeconds(3)));
        Http http = new Http(sandbox);
        long shutdown = http.post(DROPLET + "/actions", json("{'type':'shutdown'}"))
                .json()
                .path("action")
                .path("id")
                .asLong();

        sandbox.advance(sandbox.options().actionDuration());
        assertThat(http.get("/v2/actions/" + shutdown)
                        .json()
                        .path("action")
                        .path("status")
                        .asText())
                .isEqualTo("completed");
        assertThat(status(http)).isEqualTo("active");

        sandbox.advance(Duration.ofSeconds(2));
        assertThat(status(http)).isEqualTo("active");

        sandbox.advance(Duration.ofSeconds(1));
        assertThat(status(http)).isEqualTo("off");
    }

    @Test
    void withoutALagTheStatusChangesWithTheAction(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        http.post(DROPLET + "/actions", json("{'type':'power_off'}"));

        sandbox.advance(sandbox.options().actionDuration());

        assertThat(sandbox.options().statusLag()).isZero();
        assertThat(status(http)).isEqualTo("off");
    }

    @Test
    void theLagCanBeSetOverTheAdminEndpointAndASetStatusShowsAtOnce(Sandbox sandbox) throws IOException {
        Http.Result set = new Http(sandbox).token(null).post("/_sandbox/options", json("{'statusLagSeconds':3}"));
        Http http = new Http(sandbox);
        http.post(DROPLET + "/actions", json("{'type':'power_off'}"));
        sandbox.advance(sandbox.options().actionDuration());

        assertThat(set.status()).isEqualTo(200);
        assertThat(sandbox.options().statusLag()).isEqualTo(Duration.ofSeconds(3));
        assertThat(status(http)).isEqualTo("active");

        sandbox.state().setDropletStatus(Scenarios.DROPLET_ID, "off");
        assertThat(status(http)).isEqualTo("off");
    }

    @Test
    void aPowerOnShowsAtOnce(Sandbox sandbox) throws IOException {
        sandbox.options(o -> o.withStatusLag(Duration.ofSeconds(3)));
        sandbox.state().setDropletStatus(Scenarios.DROPLET_ID, "off");
        Http http = new Http(sandbox);
        http.post(DROPLET + "/actions", json("{'type':'power_on'}"));

        sandbox.advance(sandbox.options().actionDuration());

        assertThat(status(http)).isEqualTo("active");
    }
}
