package io.github.oneclick.vendor.workflow;

import static io.github.oneclick.vendor.workflow.RunResourcesTest.PUBLIC_KEY;
import static io.github.oneclick.vendor.workflow.RunResourcesTest.createDroplet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.Scenarios;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.InvalidSettingException;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.DropletCreateRequest;
import io.github.oneclick.vendor.model.SshKey;
import io.github.oneclick.vendor.workflow.LeftoversWorkflow.LeftoversRequest;
import io.github.oneclick.vendor.workflow.LeftoversWorkflow.LeftoversResult;
import io.github.oneclick.vendor.workflow.RunResources.Fate;
import io.github.oneclick.vendor.workflow.RunResources.Removal;
import io.github.oneclick.vendor.workflow.RunResources.Resource;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What killed runs left behind, found by tag and key name, against the sandbox. */
class LeftoversWorkflowTest {
    private static final String OTHER_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINzjBH9xAu3yCsefYPN+XrB8DOFtdh2aB3ZXtWmCsdLG other@ci";

    private Sandbox sandbox;
    private DigitalOceanClient client;
    private final RecordingListener listener = new RecordingListener();
    private RunId killed;
    private Droplet leftDroplet;
    private SshKey leftKey;
    private Droplet untagged;
    private SshKey vendorsOwnKey;

    @BeforeEach
    void aKilledRunLeftADropletAndAKeyBeside() {
        sandbox = Sandbox.builder().scenario(Scenarios.EMPTY).start();
        client = DigitalOceanClient.builder()
                .token(sandbox.token())
                .apiUrl(sandbox.url())
                .clock(sandbox.clock())
                .sleeper(sandbox::advance)
                .isolatedRateBudget()
                .build();
        killed = RunId.generate(sandbox.clock());
        leftDroplet = createDroplet(client, killed, "acme-build");
        leftKey = client.createSshKey(killed.keyName(), PUBLIC_KEY);
        untagged = client.createDroplet(DropletCreateRequest.builder()
                .name("acme-production")
                .region("nyc3")
                .size("s-1vcpu-1gb")
                .image("debian-12-x64")
                .runTag("web")
                .build());
        vendorsOwnKey = client.createSshKey("laptop", OTHER_KEY);
    }

    @AfterEach
    void stop() {
        client.close();
        sandbox.close();
    }

    @Test
    void aDryRunListsWhatAKilledRunLeftAndDeletesNothing() {
        sandbox.advance(Duration.ofHours(4));

        LeftoversResult result = new LeftoversWorkflow(client).run(LeftoversRequest.of(true), listener);

        assertThat(result.removals())
                .extracting(r -> r.resource().describe(), Removal::fate)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "droplet " + leftDroplet.id() + " (acme-build)", Fate.WOULD_DELETE),
                        org.assertj.core.groups.Tuple.tuple(
                                "SSH key " + killed.keyName() + " (" + leftKey.fingerprint() + ")", Fate.WOULD_DELETE));
        assertThat(sandbox.requests().countMutating()).isEqualTo(4).as("the four creates of the set-up only");
    }

    @Test
    void theLeftoversAreDeletedAndWhatTheRunsDidNotMakeIsNeverTouched() {
        sandbox.advance(Duration.ofHours(4));

        LeftoversResult result = new LeftoversWorkflow(client).run(LeftoversRequest.of(false), listener);

        assertThat(result.removals()).extracting(Removal::fate).containsExactly(Fate.DELETED, Fate.DELETED);
        assertThat(result.incomplete()).isFalse();
        assertThat(sandbox.state().droplet(leftDroplet.id())).isNull();
        assertThat(sandbox.state().sshKey(leftKey.id())).isNull();
        assertThat(sandbox.state().droplet(untagged.id())).isNotNull();
        assertThat(sandbox.state().sshKey(vendorsOwnKey.id())).isNotNull();
        assertThat(sandbox.requests().count("GET", "/v2/account/keys")).isEqualTo(1);
    }

    @Test
    void aRunYoungerThanTheMinimumAgeMayStillBeBuildingAndIsLeftAlone() {
        sandbox.advance(Duration.ofMinutes(30));

        LeftoversResult result = new LeftoversWorkflow(client).run(LeftoversRequest.of(false), listener);

        assertThat(result.removals()).isEmpty();
        assertThat(result.tooRecent()).extracting(Resource::name).containsExactly("acme-build", killed.keyName());
        assertThat(sandbox.state().droplet(leftDroplet.id())).isNotNull();
        assertThat(listener.of("PHASE")).anyMatch(m -> m.contains("a build may still be using it"));
    }

    @Test
    void oneRunCanBeNamedAndAMinimumAgeOfZeroTakesItAtOnce() {
        RunId other = RunId.generate(sandbox.clock());
        Droplet otherDroplet = createDroplet(client, other, "acme-other");

        LeftoversResult result = new LeftoversWorkflow(client)
                .run(new LeftoversRequest(Duration.ZERO, Optional.of(other), false), listener);

        assertThat(result.removals()).extracting(r -> r.resource().name()).containsExactly("acme-other");
        assertThat(sandbox.state().droplet(otherDroplet.id())).isNull();
        assertThat(sandbox.state().droplet(leftDroplet.id())).isNotNull();
    }

    @Test
    void aNegativeMinimumAgeIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new LeftoversRequest(Duration.ofMinutes(-1), Optional.empty(), false))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("leftoversMinAge");
    }
}
