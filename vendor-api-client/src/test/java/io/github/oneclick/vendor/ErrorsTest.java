package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.oneclick.vendor.internal.http.Failures;
import io.github.oneclick.vendor.model.AppUpdate;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every error class: the type, what {@link ErrorDetails} keeps, and what the message tells the user. */
class ErrorsTest extends MockServerTest {
    private static final String APP_ID = "60089fc6d333037bffa70d9b";
    private static final AppUpdate UPDATE = AppUpdate.builder().imageId(413639).build();

    @Test
    void badRequestOnApiV2KeepsStatusIdMessageRequestIdMethodPathAndBody() {
        String body = "{\"id\":\"bad_request\",\"message\":\"the resource is not a snapshot\","
                + "\"request_id\":\"4d9d8375-3c56-4925-a3e7-eb137fed17e9\"}";
        enqueueJson(400, body);

        BadRequestException e =
                catchThrowableOfType(BadRequestException.class, () -> client().deleteSnapshot("6372321"));

        assertThat(e).isNotInstanceOf(AppPendingReviewException.class);
        assertThat(e.details())
                .isEqualTo(new ErrorDetails(
                        400,
                        "bad_request",
                        "the resource is not a snapshot",
                        "4d9d8375-3c56-4925-a3e7-eb137fed17e9",
                        "DELETE",
                        "/v2/snapshots/6372321",
                        body,
                        1));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.requestId()).isEqualTo("4d9d8375-3c56-4925-a3e7-eb137fed17e9");
        assertThat(e.outcomeUnknown()).isFalse();
        assertThat(e.getMessage())
                .contains(
                        "DELETE /v2/snapshots/6372321 failed with 400 bad_request: the resource is" + " not a snapshot",
                        "request id 4d9d8375-3c56-4925-a3e7-eb137fed17e9",
                        "1 attempt");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void badRequestFromTheVendorPortalIsAppPendingReviewNamingTheDocumentedCausesAndIsNotRetried() {
        String body = "{\"message\":\"app is in pending status\"}";
        enqueueJson(400, body);

        AppPendingReviewException e =
                catchThrowableOfType(AppPendingReviewException.class, () -> client().updateApp(APP_ID, UPDATE));

        assertThat(e.appId()).isEqualTo(APP_ID);
        assertThat(e.confirmedPending()).isTrue();
        assertThat(e.details().status()).isEqualTo(400);
        assertThat(e.details().method()).isEqualTo("PATCH");
        assertThat(e.details().path()).isEqualTo("/api/v1/vendor-portal/apps/" + APP_ID);
        assertThat(e.details().bodyExcerpt()).isEqualTo(body);
        assertThat(e.getMessage())
                .contains(APP_ID, "pending or in review", "wait", "no image id", "not a droplet 1-Click");
        assertThat(AppPendingReviewException.DOCUMENTED_CAUSES).hasSize(3);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void badRequestFromTheVendorPortalWithAnUnhelpfulBodyIsStillExplainedButNotConfirmedPending() {
        enqueueJson(400, "{\"message\":\"Bad Request\"}");

        AppPendingReviewException e =
                catchThrowableOfType(AppPendingReviewException.class, () -> client().updateApp(APP_ID, UPDATE));

        assertThat(e.confirmedPending()).isFalse();
        assertThat(e.getMessage()).contains("pending or in review");
    }

    @Test
    void unauthorizedSaysTheTokenWasNotAccepted() {
        enqueueJson(401, "{\"id\":\"unauthorized\",\"message\":\"Unable to authenticate you.\"}");

        UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class, () -> client().getDroplet(1));

        assertThat(e.details().errorId()).isEqualTo("unauthorized");
        assertThat(e.details().apiMessage()).isEqualTo("Unable to authenticate you.");
        assertThat(e.getMessage()).contains("GET /v2/droplets/1 failed with 401", "token was not accepted");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void forbiddenFromTheVendorPortalNamesTheTokenAndTeamOwnership() {
        enqueueJson(403, "{\"message\":\"Forbidden\"}");

        ForbiddenException e = catchThrowableOfType(ForbiddenException.class, () -> client().updateApp(APP_ID, UPDATE));

        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage()).contains(APP_ID, "token", "team");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void forbiddenOnApiV2NamesScopeOrTeam() {
        enqueueJson(403, "{\"id\":\"forbidden\",\"message\":\"You are not authorized to perform this operation\"}");

        ForbiddenException e = catchThrowableOfType(ForbiddenException.class, () -> client().getImage(7));

        assertThat(e.details().errorId()).isEqualTo("forbidden");
        assertThat(e.getMessage()).contains("GET /v2/images/7", "scope", "another team");
    }

    @Test
    void notFoundFromTheVendorPortalNamesTheAppId() {
        enqueueJson(404, "{\"message\":\"Not Found\"}");

        NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> client().updateApp(APP_ID, UPDATE));

        assertThat(e.getMessage()).contains("App id '" + APP_ID + "' was not found", "Vendor Portal URL");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void notFoundOnApiV2IsNotRetried() {
        enqueueJson(404, "{\"id\":\"not_found\",\"message\":\"The resource you were accessing could not be found.\"}");

        NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> client().getDroplet(404));

        assertThat(e.details().errorId()).isEqualTo("not_found");
        assertThat(e.getMessage()).contains("GET /v2/droplets/404 failed with 404 not_found");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void pendingEventIsItsOwnUnprocessableEntityTypeAndIsNotRetried() {
        enqueueJson(422, "{\"id\":\"unprocessable_entity\",\"message\":\"Droplet already has a pending event.\"}");

        PendingEventException e =
                catchThrowableOfType(PendingEventException.class, () -> client().snapshot(3164444, "app-1.4.0"));

        assertThat(e).isInstanceOf(UnprocessableEntityException.class);
        assertThat(e.details().errorId()).isEqualTo("unprocessable_entity");
        assertThat(e.getMessage())
                .contains("POST /v2/droplets/3164444/actions failed with 422", "Another action is still running");
        assertThat(e.outcomeUnknown()).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void blockingEventsWordingIsAlsoAPendingEvent() {
        enqueueJson(
                422,
                "{\"id\":\"unprocessable_entity\",\"message\":\"there are currently blocking events"
                        + " processing for one or more of the droplets\"}");

        assertThat(catchThrowableOfType(PendingEventException.class, () -> client().powerOff(3164444)))
                .isNotNull();
    }

    @Test
    void otherUnprocessableEntityIsNotAPendingEvent() {
        enqueueJson(422, "{\"id\":\"unprocessable_entity\",\"message\":\"Droplet is currently on.\"}");

        UnprocessableEntityException e =
                catchThrowableOfType(UnprocessableEntityException.class, () -> client().snapshot(3164444, "app"));

        assertThat(e).isNotInstanceOf(PendingEventException.class);
    }

    @Test
    void rateLimitExceededAfterEveryAttemptWasRefusedWith429() {
        for (int i = 0; i < POLICY.maxAttempts(); i++) {
            server.enqueue(json(429, "{\"id\":\"too_many_requests\",\"message\":\"API rate limit exceeded.\"}")
                    .setHeader("retry-after", "29"));
        }

        RateLimitExceededException e =
                catchThrowableOfType(RateLimitExceededException.class, () -> client().getDroplet(1));

        assertThat(e.details().attempts()).isEqualTo(POLICY.maxAttempts());
        assertThat(e.details().errorId()).isEqualTo("too_many_requests");
        assertThat(e.getMessage()).contains("429", "4 attempts", "29 s");
        assertThat(server.getRequestCount()).isEqualTo(POLICY.maxAttempts());
    }

    @Test
    void serverErrorOnAReadAfterEveryAttemptFailed() {
        for (int i = 0; i < POLICY.maxAttempts(); i++) {
            enqueueJson(500, "{\"id\":\"server_error\",\"message\":\"Server was unable to give you a response.\"}");
        }

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class, () -> client().getAction(9));

        assertThat(e.details().attempts()).isEqualTo(POLICY.maxAttempts());
        assertThat(e.details().errorId()).isEqualTo("server_error");
        assertThat(e.outcomeUnknown()).isFalse();
        assertThat(e.getMessage()).contains("GET /v2/actions/9 failed with 500", "4 attempts");
    }

    @Test
    void serverErrorOnAnActionIsNotRetriedAndItsOutcomeIsUnknown() {
        enqueueJson(500, "{\"id\":\"server_error\",\"message\":\"Server was unable to give you a response.\"}");

        ServerErrorException e =
                catchThrowableOfType(ServerErrorException.class, () -> client().snapshot(3164444, "app-1.4.0"));

        assertThat(e.outcomeUnknown()).isTrue();
        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(e.getMessage()).contains("may have taken effect");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void htmlGatewayTimeoutKeepsThePageTitleAndABoundedExcerpt() {
        String html = resource("cloudflare-504.html");
        for (int i = 0; i < POLICY.maxAttempts(); i++) {
            server.enqueue(new MockResponse()
                    .setResponseCode(504)
                    .setHeader("Content-Type", "text/html")
                    .setHeader("x-request-id", "cf-7c0f1e2d3a4b5c6d")
                    .setBody(html));
        }

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class, () -> client().getImage(5));

        assertThat(e.status()).isEqualTo(504);
        assertThat(e.details().apiMessage()).isEqualTo("api.digitalocean.com | 504: Gateway time-out");
        assertThat(e.details().errorId()).isNull();
        assertThat(e.requestId()).isEqualTo("cf-7c0f1e2d3a4b5c6d");
        assertThat(html.length()).isGreaterThan(Failures.EXCERPT_LIMIT);
        assertThat(e.details().bodyExcerpt())
                .startsWith(html.substring(0, Failures.EXCERPT_LIMIT))
                .endsWith("... (" + (html.length() - Failures.EXCERPT_LIMIT) + " more characters)");
        assertThat(e.getMessage())
                .contains(
                        "GET /v2/images/5 failed with 504: api.digitalocean.com | 504: Gateway" + " time-out",
                        "request id cf-7c0f1e2d3a4b5c6d")
                .doesNotContain("<html");
    }

    @Test
    void htmlBodyOnAnActionPostIsClassifiedWithoutRetry() {
        server.enqueue(new MockResponse()
                .setResponseCode(504)
                .setHeader("Content-Type", "text/html")
                .setBody(resource("cloudflare-504.html")));

        ServerErrorException e =
                catchThrowableOfType(ServerErrorException.class, () -> client().snapshot(3164444, "app-1.4.0"));

        assertThat(e.details().apiMessage()).contains("504: Gateway time-out");
        assertThat(e.outcomeUnknown()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void requestIdFallsBackToTheHeader() {
        server.enqueue(json(404, "{\"id\":\"not_found\",\"message\":\"nope\"}")
                .setHeader("x-request-id", "header-request-id"));

        NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> client().getDroplet(2));

        assertThat(e.requestId()).isEqualTo("header-request-id");
    }

    @Test
    void requestIdInTheBodyWinsOverTheHeader() {
        server.enqueue(json(404, "{\"id\":\"not_found\",\"message\":\"nope\",\"request_id\":\"body-request-id\"}")
                .setHeader("x-request-id", "header-request-id"));

        NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> client().getDroplet(2));

        assertThat(e.requestId()).isEqualTo("body-request-id");
    }

    @Test
    void plainTextBodyBecomesTheMessage() {
        server.enqueue(new MockResponse()
                .setResponseCode(403)
                .setHeader("Content-Type", "text/plain")
                .setBody("Looks like something went wrong\nmore detail"));

        ForbiddenException e = catchThrowableOfType(ForbiddenException.class, () -> client().getDroplet(3));

        assertThat(e.details().apiMessage()).isEqualTo("Looks like something went wrong");
        assertThat(e.details().bodyExcerpt()).isEqualTo("Looks like something went wrong\nmore detail");
    }

    @Test
    void emptyErrorBodyStillGivesStatusMethodAndPath() {
        server.enqueue(new MockResponse().setResponseCode(401));

        UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class, () -> client().getDroplet(4));

        assertThat(e.details()).isEqualTo(new ErrorDetails(401, null, null, null, "GET", "/v2/droplets/4", "", 1));
    }

    @Test
    void unexpectedStatusIsAnUnexpectedResponse() {
        enqueueJson(418, "{\"id\":\"teapot\",\"message\":\"short and stout\"}");

        UnexpectedResponseException e =
                catchThrowableOfType(UnexpectedResponseException.class, () -> client().powerOn(3164444));

        assertThat(e.status()).isEqualTo(418);
        assertThat(e.outcome()).isEqualTo(Outcome.NOT_APPLIED);
        assertThat(e.getMessage()).contains("POST /v2/droplets/3164444/actions failed with 418", "not expected");
    }

    @Test
    void conflictIsADefiniteRefusalThatWasNotApplied() {
        enqueueJson(409, "{\"id\":\"conflict\",\"message\":\"conflict\"}");

        ConflictException e = catchThrowableOfType(ConflictException.class, () -> client().powerOn(3164444));

        assertThat(e.outcome()).isEqualTo(Outcome.NOT_APPLIED);
        assertThat(e.transientFailure()).isFalse();
        assertThat(e.getMessage()).contains("failed with 409", "It was not applied.");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {307, 308})
    void redirectIsNeverFollowedAndThePostWasNotApplied(int status) throws Exception {
        try (okhttp3.mockwebserver.MockWebServer elsewhere = new okhttp3.mockwebserver.MockWebServer()) {
            elsewhere.start();
            server.enqueue(json(status, "{}").setHeader("Location", elsewhere.url("/v2/droplets/1/actions")));

            UnexpectedResponseException e = catchThrowableOfType(
                    UnexpectedResponseException.class, () -> client().snapshot(3164444, "app-1.4.0"));

            assertThat(e.outcome()).isEqualTo(Outcome.NOT_APPLIED);
            assertThat(e.getMessage()).contains("redirect", "never follows");
            assertThat(server.getRequestCount()).isEqualTo(1);
            assertThat(elsewhere.getRequestCount()).isZero();
        }
    }

    @Test
    void successfulResponseWithABodyThatIsNotJsonIsAnUnexpectedResponseAndNotRetried() {
        enqueueJson(200, "<html>maintenance</html>");

        UnexpectedResponseException e =
                catchThrowableOfType(UnexpectedResponseException.class, () -> client().getDroplet(5));

        assertThat(e.getMessage())
                .contains("GET /v2/droplets/5 succeeded (200) but its response has a body that is"
                        + " not the expected JSON");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void connectionFailureIsATransportErrorWithStatusZero() throws Exception {
        server.shutdown();

        TransportException e = catchThrowableOfType(
                TransportException.class,
                () -> clientBuilder().retryPolicy(RetryPolicy.NONE).build().getDroplet(6));

        assertThat(e.status()).isZero();
        assertThat(e.outcomeUnknown()).isFalse();
        assertThat(e.details().method()).isEqualTo("GET");
        assertThat(e.details().path()).isEqualTo("/v2/droplets/6");
        assertThat(e.getMessage()).contains("could not be reached");
    }
}
