package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class FaultInjectionTest {

    private static final String DROPLET = "/v2/droplets/" + Scenarios.DROPLET_ID;
    private static final String ACTIONS = DROPLET + "/actions";
    private static final String SNAPSHOT = json("{'type':'snapshot','name':'acme-app-1.3.0'}");

    private static int actionCount(Sandbox sandbox) {
        return sandbox.state().toJson().path("actions").size();
    }

    @Test
    void aStatusFaultAnswersWithADigitalOceanErrorAndAppliesNothing(Sandbox sandbox) throws IOException {
        sandbox.faults().add(Fault.on("POST", "/v2/droplets/*/actions").status(503));
        Http http = new Http(sandbox);

        Http.Result r = http.post(ACTIONS, SNAPSHOT);

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().path("id").asText()).isEqualTo("server_error");
        assertThat(r.json().path("request_id").asText()).isEqualTo(r.header("x-request-id"));
        assertThat(r.header("ratelimit-limit")).isNotNull();
        assertThat(actionCount(sandbox)).isZero();
        assertThat(http.post(ACTIONS, SNAPSHOT).status())
                .as("the fault hits once by default")
                .isEqualTo(201);
    }

    @Test
    void aRedirectFaultAnswersWithItsLocationAndAppliesNothing(Sandbox sandbox) throws IOException {
        sandbox.faults().add(Fault.on("POST", "/v2/droplets/*/actions").redirect(307, "/v2/elsewhere"));

        Http.Result r = new Http(sandbox).post(ACTIONS, SNAPSHOT);

        assertThat(r.status()).isEqualTo(307);
        assertThat(r.header("Location")).isEqualTo("/v2/elsewhere");
        assertThat(actionCount(sandbox)).isZero();
        assertThat(sandbox.requests().last().applied()).isFalse();
    }

    @Test
    void anAfterApplyingFaultDoesTheWorkThenAnswers503WithRetryAfterZero(Sandbox sandbox) throws IOException {
        sandbox.faults()
                .add(Fault.on("POST", "/v2/droplets/*/actions")
                        .afterApplying(503, null)
                        .retryAfter(0));

        Http.Result r = new Http(sandbox).post(ACTIONS, SNAPSHOT);

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.header(Http.STASHED)).as("Retry-After of the 503").isEqualTo("0");
        assertThat(actionCount(sandbox)).isEqualTo(1);
        assertThat(sandbox.requests().last().applied()).isTrue();
    }

    @Test
    void anAfterApplyingFaultCanAnswerASuccessWithAnEmptyObject(Sandbox sandbox) throws IOException {
        sandbox.faults().add(Fault.on("POST", "/v2/droplets/*/actions").afterApplying(201, "{}"));

        Http.Result r = new Http(sandbox).post(ACTIONS, SNAPSHOT);

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(actionCount(sandbox)).isEqualTo(1);
    }

    @Test
    void aConflictFaultAnswers409AndAppliesNothing(Sandbox sandbox) throws IOException {
        sandbox.faults().add(Fault.on("PATCH", "/api/v1/vendor-portal/apps/*").status(409));

        Http.Result r = new Http(sandbox)
                .patch(
                        "/api/v1/vendor-portal/apps/" + Scenarios.APP_ID,
                        json("{'imageId':" + Scenarios.OLD_SNAPSHOT_IDS.get(1) + "}"));

        assertThat(r.status()).isEqualTo(409);
        assertThat(sandbox.state()
                        .app(Scenarios.APP_ID)
                        .path("customData")
                        .path("imageId")
                        .asLong())
                .isEqualTo(Scenarios.OLD_SNAPSHOT_IDS.get(2));
    }

    @Test
    @SandboxScenario(Scenarios.HTML_504)
    void anHtmlFaultAnswersWithACloudflareLikePage(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        assertThat(http.post(ACTIONS, json("{'type':'power_off'}")).status())
                .as("only the snapshot POST is hit")
                .isEqualTo(201);
        sandbox.advance(sandbox.options().actionDuration());

        Http.Result r = http.post(ACTIONS, SNAPSHOT);

        assertThat(r.status()).isEqualTo(504);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).contains("504").contains("Gateway time-out").contains("Cloudflare Ray ID");
        assertThat(actionCount(sandbox)).isEqualTo(1);
    }

    @Test
    void aDelayFaultHoldsTheResponseBackButAppliesTheRequest(Sandbox sandbox) {
        sandbox.faults().add(Fault.on("POST", ACTIONS).delay(Duration.ofSeconds(1)));
        Http impatient = new Http(sandbox, Duration.ofMillis(100));

        assertThatThrownBy(() -> impatient.post(ACTIONS, SNAPSHOT)).isInstanceOf(InterruptedIOException.class);

        assertThat(actionCount(sandbox)).isEqualTo(1);
        assertThat(sandbox.requests().last().fault()).isEqualTo("delay");
    }

    @Test
    void aShortDelayStillAnswers(Sandbox sandbox) throws IOException {
        sandbox.faults().add(Fault.on("GET", DROPLET).delay(Duration.ofMillis(50)));

        assertThat(new Http(sandbox).get(DROPLET).status()).isEqualTo(200);
    }

    @Test
    @SandboxScenario(Scenarios.DROP_BEFORE_SNAPSHOT)
    void aConnectionDroppedBeforeTheRequestIsAppliedLeavesNoAction(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        assertThatThrownBy(() -> http.post(ACTIONS, SNAPSHOT)).isInstanceOf(IOException.class);

        assertThat(actionCount(sandbox)).isZero();
        assertThat(http.get(ACTIONS).json().path("actions")).isEmpty();
        RecordedCall call = sandbox.requests().matching("POST", ACTIONS).get(0);
        assertThat(call.fault()).isEqualTo("drop_before");
        assertThat(call.applied()).isFalse();
        assertThat(call.status()).isZero();
    }

    @Test
    @SandboxScenario(Scenarios.DROP_AFTER_SNAPSHOT)
    void aConnectionDroppedAfterTheRequestIsAppliedLeavesTheActionRunning(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        assertThatThrownBy(() -> http.post(ACTIONS, SNAPSHOT)).isInstanceOf(IOException.class);

        assertThat(http.get(ACTIONS).json().path("actions").findValuesAsText("status"))
                .containsExactly("in-progress");
        assertThat(http.post(ACTIONS, SNAPSHOT).status())
                .as("a blind retry meets the pending event")
                .isEqualTo(422);
        RecordedCall call = sandbox.requests().matching("POST", ACTIONS).get(0);
        assertThat(call.fault()).isEqualTo("drop_after");
        assertThat(call.applied()).isTrue();
    }

    @Test
    @SandboxScenario(Scenarios.TRUNCATED_ACTION)
    void aTruncatedBodyFailsTheReadAfterTheHeaders(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long id = http.post(ACTIONS, SNAPSHOT).json().path("action").path("id").asLong();

        assertThatThrownBy(() -> http.get("/v2/actions/" + id)).isInstanceOf(IOException.class);

        assertThat(http.get("/v2/actions/" + id).status()).isEqualTo(200);
        assertThat(sandbox.requests().count("GET", "/v2/actions/*")).isEqualTo(2);
    }

    @Test
    void faultsCanSkipSomeRequestsAndHitSeveral(Sandbox sandbox) throws IOException {
        sandbox.faults()
                .add(Fault.on("GET", "/v2/droplets/*").status(500).skip(1).times(2));
        Http http = new Http(sandbox);

        assertThat(http.get(DROPLET).status()).isEqualTo(200);
        assertThat(http.get(DROPLET).status()).isEqualTo(500);
        assertThat(http.get(DROPLET).status()).isEqualTo(500);
        assertThat(http.get(DROPLET).status()).isEqualTo(200);
        assertThat(sandbox.faults().pending()).isEmpty();
    }

    @Test
    void aStatusFaultCanCarryItsOwnBody(Sandbox sandbox) throws IOException {
        sandbox.faults()
                .add(Fault.on("GET", "**")
                        .status(500, "Looks like something went wrong")
                        .always());

        Http.Result r = new Http(sandbox).get(DROPLET);

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("Looks like something went wrong");
        assertThat(sandbox.faults().pending()).hasSize(1);
    }

    @Test
    @SandboxScenario(Scenarios.BURST_429)
    void theBurstScenarioAnswersTwo429sWithRetryAfter(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        Http.Result first = http.get(DROPLET);
        Http.Result second = http.get(DROPLET);

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("retry-after")).isEqualTo("1");
        assertThat(first.json().path("id").asText()).isEqualTo("too_many_requests");
        assertThat(second.status()).isEqualTo(429);
        assertThat(http.get(DROPLET).status()).isEqualTo(200);
    }

    @Test
    @SandboxScenario(Scenarios.FLAKY_503)
    void theFlakyScenarioFailsTheFirstTwoReads(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        assertThat(http.get(DROPLET).status()).isEqualTo(503);
        assertThat(http.get(DROPLET).status()).isEqualTo(503);
        assertThat(http.get(DROPLET).status()).isEqualTo(200);
    }
}
