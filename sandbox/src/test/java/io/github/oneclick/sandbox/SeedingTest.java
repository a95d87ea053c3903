package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What tests set up in the state directly, as the control panel or another client would have. */
@ExtendWith(SandboxExtension.class)
class SeedingTest {

    private static final String DROPLET = "/v2/droplets/" + Scenarios.DROPLET_ID;

    @Test
    void aDropletSetOffReadsOffAndTakesASnapshotWithoutAnyPowerAction(Sandbox sandbox) throws IOException {
        sandbox.state().setDropletStatus(Scenarios.DROPLET_ID, "off");
        Http http = new Http(sandbox);

        assertThat(http.get(DROPLET).json().path("droplet").path("status").asText()).isEqualTo("off");
        assertThat(http.post(DROPLET + "/actions", json("{'type':'snapshot','name':'acme-app-1.3.0'}")).status())
                .isEqualTo(201);
        assertThat(sandbox.state().toJson().path("actions")).hasSize(1);
    }

    @Test
    void theStatusOfAnUnknownDropletCannotBeSet(Sandbox sandbox) {
        assertThatThrownBy(() -> sandbox.state().setDropletStatus(42, "off"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("42");
    }
}
