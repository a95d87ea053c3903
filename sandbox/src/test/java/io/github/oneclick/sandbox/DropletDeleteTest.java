package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class DropletDeleteTest {

    private static final String DROPLETS = "/v2/droplets";

    private static long create(Http http, String name, String tag) throws IOException {
        Http.Result r = http.post(
                DROPLETS,
                json("{'name':'" + name + "','region':'nyc3','size':'s-1vcpu-1gb','image':'debian-12-x64','tags':['"
                        + tag + "']}"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().path("droplet").path("id").asLong();
    }

    @Test
    void aCreatedDropletIsDeletedWith204(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long id = create(http, "acme-test", "test");
        sandbox.advance(sandbox.options().createDuration());

        assertThat(http.delete(DROPLETS + "/" + id).status()).isEqualTo(204);

        assertThat(http.get(DROPLETS + "/" + id).status()).isEqualTo(404);
        assertThat(http.delete(DROPLETS + "/" + id).status()).isEqualTo(404);
        assertThat(sandbox.state().creation(id)).isNull();
    }

    @Test
    void aDropletWhoseCreateOrOtherActionIsStillRunningIsDeletedAllTheSame(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long id = create(http, "acme-test", "test");
        sandbox.state().addRunningAction(Scenarios.DROPLET_ID, "reboot", Duration.ofMinutes(5));

        assertThat(http.delete(DROPLETS + "/" + id).status()).isEqualTo(204);
        assertThat(http.delete(DROPLETS + "/" + Scenarios.DROPLET_ID).status()).isEqualTo(204);

        sandbox.advance(Duration.ofMinutes(5));
        assertThat(http.get(DROPLETS + "/" + id).status()).isEqualTo(404);
        assertThat(http.get(DROPLETS + "/" + Scenarios.DROPLET_ID).status()).isEqualTo(404);
    }

    @Test
    void deletingByTagDeletesEveryDropletOfTheAccountWithTheTagAndNoOther(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long created = create(http, "acme-build-02", Scenarios.DROPLET_TAG);
        long other = create(http, "acme-other", "keep");

        var r = http.delete(DROPLETS + "?tag_name=" + Scenarios.DROPLET_TAG);

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(sandbox.state().droplet(created)).isNull();
        assertThat(sandbox.state().droplet(Scenarios.DROPLET_ID)).isNull();
        assertThat(sandbox.state().droplet(other)).isNotNull();
        assertThat(sandbox.state().droplet(Scenarios.OTHER_DROPLET_ID)).isNotNull();
        assertThat(sandbox.state().droplet(Scenarios.FOREIGN_DROPLET_ID))
                .as("another account's droplet with the same tag")
                .isNotNull();
        assertThat(sandbox.requests().count("DELETE", DROPLETS)).isEqualTo(1);
        assertThat(sandbox.requests().last().query()).isEqualTo("tag_name=" + Scenarios.DROPLET_TAG);
    }

    @Test
    @SandboxScenario(Scenarios.GPU_DROPLET)
    void deletingByTagTakesGpuDropletsToo(Sandbox sandbox) throws IOException {
        assertThat(new Http(sandbox)
                        .delete(DROPLETS + "?tag_name=" + Scenarios.DROPLET_TAG)
                        .status())
                .isEqualTo(204);

        assertThat(sandbox.state().droplet(Scenarios.DROPLET_ID)).isNull();
    }

    @Test
    void deletingWithoutATagGets422AndDeletesNothing(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox).delete(DROPLETS);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("id").asText()).isEqualTo("unprocessable_entity");
        assertThat(sandbox.state().droplet(Scenarios.DROPLET_ID)).isNotNull();
    }
}
