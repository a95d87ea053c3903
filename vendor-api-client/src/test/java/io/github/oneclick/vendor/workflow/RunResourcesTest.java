package io.github.oneclick.vendor.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.sandbox.Fault;
import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.Scenarios;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.DropletCreateRequest;
import io.github.oneclick.vendor.model.SshKey;
import io.github.oneclick.vendor.workflow.RunResources.Fate;
import io.github.oneclick.vendor.workflow.RunResources.Removal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run's droplets and keys against the sandbox: each deleted once, confirmed by a read, and accounted for. */
class RunResourcesTest {
    static final String PUBLIC_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPn73VMRrP/UePMlOznrBqQ2PxiOH3eFbUqAQemHx7hC build@ci";
    private static final double PRICE_HOURLY = 0.00893;

    private Sandbox sandbox;
    private DigitalOceanClient client;
    private final RecordingListener listener = new RecordingListener();
    private RunId run;
    private RunResources resources;

    @BeforeEach
    void start() {
        sandbox = Sandbox.builder().scenario(Scenarios.EMPTY).start();
        client = DigitalOceanClient.builder()
                .token(sandbox.token())
                .apiUrl(sandbox.url())
                .clock(sandbox.clock())
                .sleeper(sandbox::advance)
                .isolatedRateBudget()
                .build();
        run = RunId.generate(sandbox.clock());
        resources = new RunResources(run, sandbox.clock());
    }

    @AfterEach
    void stop() {
        client.close();
        sandbox.close();
    }

    static Droplet createDroplet(DigitalOceanClient client, RunId run, String name) {
        return client.createDroplet(DropletCreateRequest.builder()
                .name(name)
                .region("nyc3")
                .size("s-1vcpu-1gb")
                .image("debian-12-x64")
                .tag(RunId.MARKER_TAG)
                .runTag(run.dropletTag())
                .build());
    }

    @Test
    void everyDropletAndKeyIsDeletedOnceAndAReadConfirmsItIsGone() {
        Droplet droplet = createDroplet(client, run, "acme-build");
        SshKey key = client.createSshKey(run.keyName(), PUBLIC_KEY);
        resources.trackDroplet(droplet, PRICE_HOURLY);
        resources.trackSshKey(key);

        List<Removal> removals = resources.removeAll(client, listener);

        assertThat(removals).extracting(Removal::fate).containsExactly(Fate.DELETED, Fate.DELETED);
        assertThat(sandbox.state().droplet(droplet.id())).isNull();
        assertThat(sandbox.state().sshKey(key.id())).isNull();
        assertThat(sandbox.requests().count("DELETE", "/v2/droplets/*")).isEqualTo(1);
        assertThat(sandbox.requests().count("DELETE", "/v2/account/keys/*")).isEqualTo(1);
        assertThat(resources.outstanding()).isEmpty();
    }

    @Test
    void aSecondCleanUpSendsNoSecondDelete() {
        resources.trackDroplet(createDroplet(client, run, "acme-build"), PRICE_HOURLY);
        resources.removeAll(client, listener);

        List<Removal> again = resources.removeAll(client, listener);

        assertThat(again).hasSize(1);
        assertThat(sandbox.requests().count("DELETE", "/v2/droplets/*")).isEqualTo(1);
    }

    @Test
    void aDropletTheUserKeepsIsLeftRunningAndReportedAsKept() {
        Droplet droplet = createDroplet(client, run, "acme-build");
        resources.trackDroplet(droplet, PRICE_HOURLY);
        resources.keep(droplet.id());

        List<Removal> removals = resources.removeAll(client, listener);

        assertThat(removals).extracting(Removal::fate).containsExactly(Fate.KEPT);
        assertThat(sandbox.state().droplet(droplet.id())).isNotNull();
        assertThat(sandbox.requests().count("DELETE", "/v2/droplets/*")).isZero();
        assertThat(listener.of("PHASE")).anyMatch(m -> m.contains("kept, still running"));
    }

    @Test
    void aDropletDeletedBehindTheRunsBackIsReportedGoneWithoutADelete() {
        Droplet droplet = createDroplet(client, run, "acme-build");
        resources.trackDroplet(droplet, PRICE_HOURLY);
        client.deleteDroplet(droplet.id());

        assertThat(resources.removeAll(client, listener))
                .extracting(Removal::fate)
                .containsExactly(Fate.ALREADY_GONE);
        assertThat(sandbox.requests().count("DELETE", "/v2/droplets/*")).isEqualTo(1);
    }

    @Test
    void aDeleteWhoseAnswerIsLostIsSettledByAReadNotByASecondDelete() {
        Droplet droplet = createDroplet(client, run, "acme-build");
        resources.trackDroplet(droplet, PRICE_HOURLY);
        sandbox.faults().add(Fault.on("DELETE", "/v2/droplets/" + droplet.id()).dropAfter());

        assertThat(resources.removeAll(client, listener))
                .extracting(Removal::fate)
                .containsExactly(Fate.DELETED);
        assertThat(sandbox.requests().count("DELETE", "/v2/droplets/*")).isEqualTo(1);
        assertThat(sandbox.state().droplet(droplet.id())).isNull();
    }

    @Test
    void aDeleteThatFailsLeavesAWarningWithTheFixAndTheOthersAreStillDeleted() {
        Droplet first = createDroplet(client, run, "acme-build");
        Droplet second = createDroplet(client, run, "acme-test");
        resources.trackDroplet(first, PRICE_HOURLY);
        resources.trackDroplet(second, PRICE_HOURLY);
        sandbox.faults().add(Fault.on("DELETE", "/v2/droplets/" + first.id()).status(403));

        List<Removal> removals = resources.removeAll(client, listener);

        assertThat(removals).extracting(Removal::fate).containsExactly(Fate.NOT_DELETED, Fate.DELETED);
        assertThat(removals.get(0).message())
                .contains("droplet " + first.id() + " (acme-build) NOT deleted")
                .contains("leftovers goal");
        assertThat(listener.of("WARN")).anyMatch(w -> w.contains("NOT deleted"));
        assertThat(sandbox.state().droplet(second.id())).isNull();
    }

    @Test
    void theSummaryLineGivesEachDropletsLifetimeAndWhatItCostAtItsHourlyPrice() {
        Droplet droplet = createDroplet(client, run, "acme-build");
        resources.trackDroplet(droplet, PRICE_HOURLY);
        sandbox.advance(Duration.ofHours(2));

        Removal removal = resources.removeAll(client, listener).get(0);

        assertThat(removal.lifetime())
                .isBetween(Duration.ofHours(2), Duration.ofHours(2).plusMinutes(1));
        assertThat(removal.estimatedCost()).isBetween(0.0178, 0.0181);
        assertThat(removal.message())
                .contains("deleted after 2h 00m 00s")
                .contains("about $0.0179 at $0.00893/h")
                .contains("/h");
    }
}
