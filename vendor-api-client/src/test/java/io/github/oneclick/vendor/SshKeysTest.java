package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.oneclick.vendor.model.SshKey;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The account's SSH keys: a create is reconciled by the fingerprint computed locally, a delete by reading the key, and
 * neither reaches the server twice unless the reads prove the first did not take effect.
 */
class SshKeysTest extends MockServerTest {
    /** Made with {@code ssh-keygen -t ed25519 -C build@ci}. */
    static final String PUBLIC_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHH75RRaAmFJwjahI4bG2dHSG5ZSW6FTMQbsGZrkwb7T build@ci";
    /** What {@code ssh-keygen -l -E md5} prints for it. */
    static final String FINGERPRINT = "16:52:4e:e8:95:42:43:02:97:36:49:06:40:3d:3e:69";

    private static final String KEY_JSON = "{\"ssh_key\":{\"id\":512190,\"fingerprint\":\"" + FINGERPRINT
            + "\",\"public_key\":\"" + PUBLIC_KEY + "\",\"name\":\"build-42\"}}";
    private static final String NOT_FOUND =
            "{\"id\":\"not_found\",\"message\":\"The resource you were accessing could not be found.\"}";
    private static final String SERVER_ERROR = "{\"id\":\"server_error\",\"message\":\"Unexpected server error.\"}";

    private List<RecordedRequest> received() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            requests.add(takeRequest());
        }
        return requests;
    }

    private long count(List<RecordedRequest> requests, String method) {
        return requests.stream().filter(r -> method.equals(r.getMethod())).count();
    }

    @Test
    void theFingerprintIsComputedLocallyAsSshKeygenPrintsIt() {
        assertThat(SshKey.fingerprintOf(PUBLIC_KEY)).isEqualTo(FINGERPRINT);
        assertThat(SshKey.fingerprintOf("  " + PUBLIC_KEY.replace(" build@ci", "") + "\n"))
                .isEqualTo(FINGERPRINT);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "AAAAC3NzaC1lZDI1NTE5AAAAIHH75RRaAmFJwjahI4bG2dHSG5ZSW6FTMQbsGZrkwb7T",
                "ssh-ed25519 not*base64",
                "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIHH75RRaAmFJwjahI4bG2dHSG5ZSW6FTMQbsGZrkwb7T",
                "-----BEGIN OPENSSH PRIVATE K" + "EY----- b3BlbnNzaC1rZXktdjEAAAAABG5vbmU="
            })
    void aTextThatIsNotAnOpenSshPublicKeyIsRefusedNamingPublicKeyBeforeAnyRequest(String text) {
        InvalidSettingException e =
                catchThrowableOfType(InvalidSettingException.class, () -> client().createSshKey("build-42", text));

        assertThat(e.settings()).containsExactly("publicKey");
        assertThat(e.getMessage()).startsWith("publicKey");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void createSshKeyPostsTheNameAndThePublicKey() throws Exception {
        enqueueJson(201, KEY_JSON);

        SshKey key = client().createSshKey(" build-42 ", PUBLIC_KEY + "\n");

        RecordedRequest post = takeRequest();
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(post.getPath()).isEqualTo("/v2/account/keys");
        assertThat(post.getBody().readUtf8())
                .isEqualTo("{\"name\":\"build-42\",\"public_key\":\"" + PUBLIC_KEY + "\"}");
        assertThat(key).isEqualTo(new SshKey(512190, FINGERPRINT, "build-42", PUBLIC_KEY));
    }

    @Test
    void aKeyCreateWhoseAnswerIsLostIsFoundByItsFingerprintWithoutListingOrPostingAgain() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        enqueueJson(200, KEY_JSON);
        enqueueJson(201, KEY_JSON);

        SshKey key = client().createSshKey("build-42", PUBLIC_KEY);

        assertThat(key.id()).isEqualTo(512190);
        List<RecordedRequest> requests = received();
        assertThat(requests).extracting(RecordedRequest::getMethod).containsExactly("POST", "GET");
        assertThat(requests.get(1).getPath()).isEqualTo("/v2/account/keys/" + FINGERPRINT);
    }

    @Test
    void aKeyCreateAnswered500IsSentAgainOnceWhenEveryReadByFingerprintAnswers404() throws Exception {
        enqueueJson(500, SERVER_ERROR);
        for (int i = 0; i < 5; i++) {
            enqueueJson(404, NOT_FOUND);
        }
        enqueueJson(201, KEY_JSON);

        SshKey key = client().createSshKey("build-42", PUBLIC_KEY);

        assertThat(key.fingerprint()).isEqualTo(FINGERPRINT);
        List<RecordedRequest> requests = received();
        assertThat(count(requests, "POST")).isEqualTo(2);
        assertThat(count(requests, "GET")).isEqualTo(5);
        assertThat(requests).noneMatch(r -> "/v2/account/keys".equals(r.getPath()) && "GET".equals(r.getMethod()));
    }

    @Test
    void aKeyTheAccountAlreadyHasIsRefusedWithoutReads() {
        enqueueJson(422, "{\"id\":\"unprocessable_entity\",\"message\":\"SSH Key is already in use on your account\"}");

        UnprocessableEntityException e = catchThrowableOfType(
                UnprocessableEntityException.class, () -> client().createSshKey("build-42", PUBLIC_KEY));

        assertThat(e.outcome()).isEqualTo(Outcome.NOT_APPLIED);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void findSshKeyReadsOneKeyByFingerprintAndIsEmptyFor404() throws Exception {
        enqueueJson(200, KEY_JSON);
        enqueueJson(404, NOT_FOUND);

        assertThat(client().findSshKey(FINGERPRINT.toUpperCase(java.util.Locale.ROOT)))
                .map(SshKey::name)
                .contains("build-42");
        assertThat(client().findSshKey("512191")).isEmpty();
        assertThat(takeRequest().getPath()).isEqualTo("/v2/account/keys/" + FINGERPRINT);
        assertThat(takeRequest().getPath()).isEqualTo("/v2/account/keys/512191");
    }

    @ParameterizedTest
    @ValueSource(strings = {"build-42", "0", "16:52:4e", "../droplets", "-1"})
    void aKeyIsNamedOnlyByItsIdOrFingerprint(String key) {
        InvalidSettingException e =
                catchThrowableOfType(InvalidSettingException.class, () -> client().deleteSshKey(key));

        assertThat(e.settings()).containsExactly("idOrFingerprint");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void deleteSshKeySendsOneDelete() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));

        client().deleteSshKey("512190");

        RecordedRequest delete = takeRequest();
        assertThat(delete.getMethod()).isEqualTo("DELETE");
        assertThat(delete.getPath()).isEqualTo("/v2/account/keys/512190");
    }

    @Test
    void aFirstDeleteAnswered404IsThrownAsForEveryDelete() {
        enqueueJson(404, NOT_FOUND);

        catchThrowableOfType(NotFoundException.class, () -> client().deleteSshKey(FINGERPRINT));

        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anUnclearDeleteIsDoneWhenAReadFindsTheKeyGone() throws Exception {
        enqueueJson(502, SERVER_ERROR);
        enqueueJson(404, NOT_FOUND);
        server.enqueue(new MockResponse().setResponseCode(204));

        client().deleteSshKey(FINGERPRINT);

        List<RecordedRequest> requests = received();
        assertThat(requests).extracting(RecordedRequest::getMethod).containsExactly("DELETE", "GET");
        assertThat(log).anyMatch(line -> line.contains("the resource is gone (confirmed by reading it)"));
    }

    @Test
    void anUnclearDeleteIsSentAgainOnceWhileTheKeyStillShowsAndA404ThenMeansTheFirstTookEffect() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        for (int i = 0; i < 5; i++) {
            enqueueJson(200, KEY_JSON);
        }
        enqueueJson(404, NOT_FOUND);

        client().deleteSshKey(FINGERPRINT);

        assertThat(count(received(), "DELETE")).isEqualTo(2);
        assertThat(log).anyMatch(line -> line.contains("answered 404 when sent again: the first one took effect"));
    }

    @Test
    void listSshKeysFollowsThePages() throws Exception {
        String page2 = server.url("/v2/account/keys?page=2&per_page=200").toString();
        enqueueJson(
                200,
                "{\"ssh_keys\":[{\"id\":1,\"name\":\"a\"}],\"links\":{\"pages\":{\"next\":\"" + page2 + "\",\"last\":\""
                        + page2 + "\"}},\"meta\":{\"total\":2}}");
        enqueueJson(200, "{\"ssh_keys\":[{\"id\":2,\"name\":\"b\"}],\"links\":{},\"meta\":{\"total\":2}}");

        assertThat(client().listSshKeys().map(SshKey::id)).containsExactly(1L, 2L);
        assertThat(takeRequest().getPath()).isEqualTo("/v2/account/keys?per_page=200");
        assertThat(takeRequest().getPath()).isEqualTo("/v2/account/keys?page=2&per_page=200");
    }
}
