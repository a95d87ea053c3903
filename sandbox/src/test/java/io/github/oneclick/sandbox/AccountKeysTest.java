package io.github.oneclick.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class AccountKeysTest {

    private static final String KEYS = "/v2/account/keys";

    private static String body(String name, String publicKey) {
        ObjectNode n = Json.object();
        n.put("name", name);
        n.put("public_key", publicKey);
        return Json.write(n);
    }

    @Test
    void anAddedKeyAnswers201WithItsIdAndMd5Fingerprint(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox).post(KEYS, body("build", TestKeys.KNOWN));

        assertThat(r.status()).isEqualTo(201);
        JsonNode key = r.json().path("ssh_key");
        assertThat(key.path("id").asLong()).isPositive();
        assertThat(key.path("fingerprint").asText()).isEqualTo(TestKeys.FINGERPRINT);
        assertThat(key.path("public_key").asText()).isEqualTo(TestKeys.KNOWN);
        assertThat(key.path("name").asText()).isEqualTo("build");
        assertThat(sandbox.requests().count("POST", KEYS)).isEqualTo(1);
    }

    @Test
    void aMalformedPublicKeyGets422(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        byte[] ed25519Blob = TestKeys.blob("ssh-ed25519", new byte[32]);
        String mislabelled = "ssh-rsa " + Base64.getEncoder().encodeToString(ed25519Blob);

        for (String bad : new String[] {"not a key", "ssh-ed25519", "ssh-ed25519 !!!notbase64", mislabelled, ""}) {
            Http.Result r = http.post(KEYS, body("k", bad));

            assertThat(r.status()).as(bad).isEqualTo(422);
            assertThat(r.json().path("id").asText()).isEqualTo("unprocessable_entity");
            assertThat(r.json().path("message").asText()).startsWith("Key invalid");
        }
        assertThat(http.get(KEYS).json().path("ssh_keys")).isEmpty();
    }

    @Test
    void theSameKeyTwiceGets422EvenUnderAnotherNameOrComment(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        http.post(KEYS, body("build", TestKeys.KNOWN));

        Http.Result again = http.post(KEYS, body("other", TestKeys.KNOWN.replace("build@example", "ci@example")));

        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().path("message").asText()).isEqualTo("SSH Key is already in use on your account");
        assertThat(new Http(sandbox)
                        .token(Scenarios.FOREIGN_TOKEN)
                        .post(KEYS, body("build", TestKeys.KNOWN))
                        .status())
                .as("another account may hold the same key")
                .isEqualTo(201);
    }

    @Test
    void aKeyIsReadByIdOrFingerprintAndDeletedWith204(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long id = http.post(KEYS, body("build", TestKeys.KNOWN))
                .json()
                .path("ssh_key")
                .path("id")
                .asLong();

        assertThat(http.get(KEYS + "/" + id).json().path("ssh_key").path("name").asText())
                .isEqualTo("build");
        assertThat(http.get(KEYS + "/" + TestKeys.FINGERPRINT)
                        .json()
                        .path("ssh_key")
                        .path("id")
                        .asLong())
                .isEqualTo(id);
        assertThat(new Http(sandbox)
                        .token(Scenarios.FOREIGN_TOKEN)
                        .get(KEYS + "/" + id)
                        .status())
                .isEqualTo(404);

        Http.Result deleted = http.delete(KEYS + "/" + TestKeys.FINGERPRINT);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(http.get(KEYS + "/" + id).status()).isEqualTo(404);
        assertThat(http.delete(KEYS + "/" + id).status()).isEqualTo(404);
        assertThat(sandbox.requests().count("DELETE", KEYS + "/*")).isEqualTo(2);
    }

    @Test
    void keysAreListedOnePageAtATime(Sandbox sandbox) throws IOException {
        for (int i = 0; i < 3; i++) {
            sandbox.state().addSshKey(Scenarios.TEAM, "key-" + i, TestKeys.ed25519(i));
        }

        JsonNode page = new Http(sandbox).get(KEYS + "?per_page=2").json();

        assertThat(page.path("ssh_keys")).hasSize(2);
        assertThat(page.path("meta").path("total").asInt()).isEqualTo(3);
        assertThat(page.path("links").path("pages").path("next").asText()).contains("page=2");
    }

    @Test
    void seedingRefusesWhatTheApiRefuses(Sandbox sandbox) {
        sandbox.state().addSshKey(Scenarios.TEAM, "build", TestKeys.KNOWN);

        assertThatThrownBy(() -> sandbox.state().addSshKey(Scenarios.TEAM, "again", TestKeys.KNOWN))
                .hasMessageContaining("already in use");
        assertThatThrownBy(() -> sandbox.state().addSshKey(Scenarios.TEAM, "bad", "ssh-rsa AAAA"))
                .hasMessageContaining("type key [comment]");
    }

    @Test
    void theEleventhReadOfTheKeysWithinAMinuteGets429UntilTheMinuteHasPassed(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long id = sandbox.state().addSshKey(Scenarios.TEAM, "build", TestKeys.KNOWN);
        for (int i = 0; i < 10; i++) {
            assertThat(http.get(i % 2 == 0 ? KEYS : KEYS + "/" + id).status()).isEqualTo(200);
            sandbox.advance(Duration.ofSeconds(3));
        }

        Http.Result refused = http.get(KEYS);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("id").asText()).isEqualTo("too_many_requests");
        assertThat(refused.header("retry-after")).isEqualTo("30");
        assertThat(sandbox.requests().last().applied()).isFalse();
        assertThat(http.get("/v2/droplets").status())
                .as("other endpoints keep their limits")
                .isEqualTo(200);
        assertThat(http.post(KEYS, Http.json("{'name':'ci','public_key':'" + TestKeys.ed25519(7) + "'}"))
                        .status())
                .as("only reads count")
                .isEqualTo(201);

        sandbox.advance(Duration.ofSeconds(29));
        assertThat(http.get(KEYS).status()).isEqualTo(429);
        sandbox.advance(Duration.ofSeconds(1));
        assertThat(http.get(KEYS).status()).isEqualTo(200);
    }

    @Test
    void eachTokenHasItsOwnKeysLimit(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        for (int i = 0; i < 10; i++) {
            http.get(KEYS);
        }

        assertThat(http.get(KEYS).status()).isEqualTo(429);
        assertThat(new Http(sandbox).token(Scenarios.FOREIGN_TOKEN).get(KEYS).status())
                .isEqualTo(200);
    }
}
