package io.github.oneclick.atmostonce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.sandbox.Fault;
import io.github.oneclick.sandbox.RecordedCall;
import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.Scenarios;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.RetryPolicy;
import io.github.oneclick.vendor.model.AppUpdate;
import io.github.oneclick.vendor.workflow.ReleaseRequest;
import io.github.oneclick.vendor.workflow.ReleaseResult;
import io.github.oneclick.vendor.workflow.ReleaseWorkflow;
import io.github.oneclick.vendor.workflow.RetentionWorkflow;
import io.github.oneclick.vendor.workflow.RetentionWorkflow.RetentionRequest;
import io.github.oneclick.vendor.workflow.RetentionWorkflow.RetentionResult;
import io.github.oneclick.vendor.workflow.SnapshotRequest;
import io.github.oneclick.vendor.workflow.SnapshotResult;
import io.github.oneclick.vendor.workflow.SnapshotWorkflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every fault on every request that changes something at DigitalOcean, through the client's workflows against the
 * sandbox: each mutating request reaches the server at most once, unless a read in between proved the earlier one did
 * not take effect, and no outcome claims a success the server did not record. Prints one table: fault, endpoint,
 * requests the sandbox received per method, outcome reported.
 */
class FaultMatrixTest {
    private static final List<String> TABLE = new ArrayList<>();
    private static final String NEW_SNAPSHOT = "acme-app-2.0.0";
    private static final String ELSEWHERE = "/v2/elsewhere";

    /** A fault of the matrix, as the sandbox injects it on one endpoint. */
    private record FaultCase(String name, Function<Fault.Matcher, Fault> make, boolean applied) {}

    /** A mutating endpoint of the matrix and the run that reaches it. */
    private record Endpoint(String name, String method, String path, String bodyContains, Run run) {}

    @FunctionalInterface
    private interface Run {
        Outcome run(Sandbox sandbox, DigitalOceanClient client);
    }

    /**
     * What a run reported.
     *
     * @param text the outcome, for the table
     * @param claimsApplied whether the run claims the faulted request took effect (a new snapshot, a copied image,
     *     a deleted snapshot, a destroyed droplet, a release); {@code false} when it claims nothing about it
     */
    private record Outcome(String text, boolean claimsApplied) {}

    private static final List<FaultCase> FAULTS = List.of(
            new FaultCase(
                    "503 Retry-After: 0, applied",
                    m -> m.afterApplying(503, null).retryAfter(0),
                    true),
            new FaultCase("503 Retry-After: 0, not applied", m -> m.status(503).retryAfter(0), false),
            new FaultCase("307 to another path", m -> m.redirect(307, ELSEWHERE), false),
            new FaultCase("308 to another path", m -> m.redirect(308, ELSEWHERE), false),
            new FaultCase("409", m -> m.status(409), false),
            new FaultCase("2xx with {}", m -> m.afterApplying(200, "{}"), true));

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(
                    "shutdown",
                    "POST",
                    "/v2/droplets/*/actions",
                    "\"shutdown\"",
                    (s, c) -> snapshot(c, SnapshotRequest.builder(), r -> false)),
            new Endpoint(
                    "power_off",
                    "POST",
                    "/v2/droplets/*/actions",
                    "\"power_off\"",
                    FaultMatrixTest::snapshotOfAnIgnoredShutdown),
            new Endpoint(
                    "snapshot",
                    "POST",
                    "/v2/droplets/*/actions",
                    "\"snapshot\"",
                    (s, c) -> snapshot(c, SnapshotRequest.builder(), r -> true)),
            new Endpoint(
                    "transfer",
                    "POST",
                    "/v2/images/*/actions",
                    "\"transfer\"",
                    (s, c) -> snapshot(
                            c,
                            SnapshotRequest.builder().transferRegions(List.of("ams3")),
                            r -> r.transferredRegions().contains("ams3"))),
            new Endpoint("DELETE image", "DELETE", "/v2/images/*", null, FaultMatrixTest::retention),
            new Endpoint(
                    "DELETE droplet",
                    "DELETE",
                    "/v2/droplets/*",
                    null,
                    (s, c) -> snapshot(
                            c, SnapshotRequest.builder().destroyDroplet(true), SnapshotResult::dropletDestroyed)),
            new Endpoint("PATCH app", "PATCH", "/api/v1/vendor-portal/apps/*", null, FaultMatrixTest::release));

    @Test
    void everyMutatingRequestReachesTheServerAtMostOnceUnderEveryFault() {
        List<String> violations = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (FaultCase fault : FAULTS) {
                String violation = cell(endpoint, fault);
                if (violation != null) {
                    violations.add(fault.name() + " on " + endpoint.name() + ": " + violation);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** Runs one cell; returns what broke the promise, or {@code null}. */
    private static String cell(Endpoint endpoint, FaultCase fault) {
        try (Sandbox sandbox = Sandbox.builder().scenario(Scenarios.DEMO).start();
                DigitalOceanClient client = client(sandbox)) {
            Fault.Matcher where = Fault.on(endpoint.method(), endpoint.path());
            if (endpoint.bodyContains() != null) {
                where = where.bodyContains(endpoint.bodyContains());
            }
            sandbox.faults().add(fault.make().apply(where));
            Outcome reported;
            try {
                reported = endpoint.run().run(sandbox, client);
            } catch (RuntimeException e) {
                reported = new Outcome(
                        "failed: " + e.getClass().getSimpleName() + ": " + firstSentence(e.getMessage()), false);
            }
            String outcome = reported.text();
            List<RecordedCall> calls = sandbox.requests().all();
            List<RecordedCall> hits =
                    calls.stream().filter(c -> targets(endpoint, c)).toList();
            TABLE.add(String.format(
                    Locale.ROOT,
                    "| %-32s | %-14s | %-40s | %s |",
                    fault.name(),
                    endpoint.name(),
                    received(endpoint, hits, calls),
                    outcome.length() > 160 ? outcome.substring(0, 157) + "..." : outcome));
            if (calls.stream().anyMatch(c -> c.path().equals(ELSEWHERE))) {
                return "a redirect was followed";
            }
            if (hits.stream().filter(RecordedCall::applied).count() > 1) {
                return "applied " + hits.size() + " times";
            }
            for (int i = 1; i < hits.size(); i++) {
                RecordedCall earlier = hits.get(i - 1);
                RecordedCall later = hits.get(i);
                boolean readBetween = calls.stream()
                        .anyMatch(c -> c.method().equals("GET")
                                && c.sequence() > earlier.sequence()
                                && c.sequence() < later.sequence());
                if (earlier.applied() || !readBetween) {
                    return "sent again without a read proving the earlier one did not take effect";
                }
            }
            boolean appliedOnce = hits.stream().anyMatch(RecordedCall::applied);
            if (reported.claimsApplied() && !appliedOnce) {
                return "reported as done although the server applied nothing: " + outcome;
            }
            return null;
        }
    }

    private static boolean targets(Endpoint endpoint, RecordedCall call) {
        return call.matches(endpoint.method(), endpoint.path())
                && (endpoint.bodyContains() == null
                        || (call.body() != null && call.body().contains(endpoint.bodyContains())));
    }

    /** The faulted endpoint's requests (how many applied), then every method's count in the run. */
    private static String received(Endpoint endpoint, List<RecordedCall> hits, List<RecordedCall> calls) {
        Map<String, Long> counts = calls.stream()
                .collect(Collectors.groupingBy(RecordedCall::method, TreeMap::new, Collectors.counting()));
        return endpoint.method() + " " + hits.size() + " ("
                + hits.stream().filter(RecordedCall::applied).count()
                + " applied); "
                + counts.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "));
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "";
        }
        int unknown = message.indexOf("Outcome unknown");
        if (unknown >= 0) {
            return "outcome unknown";
        }
        int end = message.indexOf(". ");
        return end < 0 ? message : message.substring(0, end + 1);
    }

    // ---------------------------------------------------------------- the runs

    private static DigitalOceanClient client(Sandbox sandbox) {
        return DigitalOceanClient.builder()
                .token(sandbox.token())
                .apiUrl(sandbox.url())
                .clock(sandbox.clock())
                .sleeper(sandbox::advance)
                .random(() -> 0.5)
                .retryPolicy(RetryPolicy.DEFAULT)
                .isolatedRateBudget()
                .build();
    }

    private static Outcome snapshotOfAnIgnoredShutdown(Sandbox sandbox, DigitalOceanClient client) {
        sandbox.options(o -> o.withShutdownIgnored(true));
        return snapshot(client, SnapshotRequest.builder().shutdownTimeout(Duration.ofSeconds(30)), r -> false);
    }

    private static Outcome snapshot(
            DigitalOceanClient client, SnapshotRequest.Builder request, Predicate<SnapshotResult> claim) {
        SnapshotResult result = new SnapshotWorkflow(client)
                .run(
                        request.dropletId(Scenarios.DROPLET_ID)
                                .snapshotName(NEW_SNAPSHOT)
                                .pollInterval(Duration.ofSeconds(2), Duration.ofSeconds(10))
                                .build(),
                        null);
        return new Outcome(
                "snapshot " + result.imageId()
                        + (result.warnings().isEmpty()
                                ? ""
                                : " (" + result.warnings().size() + " warning(s): "
                                        + firstSentence(result.warnings().get(0)) + ")"),
                claim.test(result));
    }

    /** Retention after a release: one older snapshot of the series to delete. */
    private static Outcome retention(Sandbox sandbox, DigitalOceanClient client) {
        Instant now = sandbox.clock().instant();
        long old = sandbox.state().addSnapshot(Scenarios.DROPLET_ID, "acme-lemp-1.0.0", now.minus(Duration.ofDays(9)));
        long fresh = sandbox.state().addSnapshot(Scenarios.DROPLET_ID, "acme-lemp-2.0.0", now);
        RetentionResult result = new RetentionWorkflow(client)
                .run(new RetentionRequest(Scenarios.APP_ID, "acme-lemp-", 1, fresh, false), null);
        return new Outcome(
                "kept " + result.kept() + ", deleted " + result.deleted()
                        + (result.warnings().isEmpty()
                                ? ""
                                : " (" + firstSentence(result.warnings().get(0)) + ")"),
                result.deleted().contains(old));
    }

    private static Outcome release(Sandbox sandbox, DigitalOceanClient client) {
        long image = Scenarios.OLD_SNAPSHOT_IDS.get(1);
        ReleaseResult result = new ReleaseWorkflow(client)
                .release(new ReleaseRequest(
                        Scenarios.APP_ID,
                        AppUpdate.builder().imageId(image).version("2.0.0").build()));
        long listed = sandbox.state()
                .app(Scenarios.APP_ID)
                .path("customData")
                .path("imageId")
                .asLong();
        assertThat(listed).as("the listing serves the released image").isEqualTo(image);
        return new Outcome(
                "released" + (result.confirmedByReading() ? " (confirmed by reading the listing)" : ""), true);
    }

    @AfterAll
    static void printTheMatrix() {
        System.out.println();
        System.out.println(String.format(
                Locale.ROOT,
                "| %-32s | %-14s | %-40s | %s |",
                "fault",
                "endpoint",
                "requests received",
                "outcome reported"));
        System.out.println(
                "|" + "-".repeat(34) + "|" + "-".repeat(16) + "|" + "-".repeat(42) + "|" + "-".repeat(20) + "|");
        TABLE.forEach(System.out::println);
        System.out.println();
    }
}
