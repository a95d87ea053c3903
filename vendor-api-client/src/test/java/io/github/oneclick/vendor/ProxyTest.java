package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.oneclick.vendor.model.AppUpdate;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Through an {@link HttpProxy}: the mock server plays the proxy, which receives each request in absolute form. The
 * credentials go with the first request, so a request body is never sent twice for a 407 challenge; non-proxy hosts
 * are reached directly; the proxy password appears in no log line, message or {@code toString()}.
 */
class ProxyTest extends MockServerTest {
    private static final String API = "http://api.digitalocean.test/";
    private static final String PASSWORD = "proxy-secret-5d1e";
    private static final String APP_ID = "0000000000000000000000a1";

    private HttpProxy proxy(String nonProxyHosts) {
        return HttpProxy.builder()
                .host(server.getHostName())
                .port(server.getPort())
                .credentials("ci", PASSWORD)
                .nonProxyHosts(nonProxyHosts)
                .build();
    }

    @Test
    void requestsGoThroughTheProxyWithItsCredentialsOnTheFirstRequest() throws Exception {
        enqueueJson(200, resource("app-update-response.json"));
        try (DigitalOceanClient client = clientBuilder()
                .apiUrl(API)
                .proxy(proxy(null))
                .log(log::add, HttpLogLevel.HEADERS)
                .build()) {
            client.updateApp(
                    APP_ID,
                    AppUpdate.builder()
                            .imageId(140000005)
                            .reasonForUpdate("release")
                            .build());
        }

        RecordedRequest patch = takeRequest();
        assertThat(patch.getRequestLine())
                .isEqualTo("PATCH " + API + "api/v1/vendor-portal/apps/" + APP_ID + " HTTP/1.1");
        assertThat(patch.getHeader("Proxy-Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString(("ci:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        assertThat(server.getRequestCount())
                .as("one PATCH, no challenge round trip")
                .isEqualTo(1);
        assertThat(String.join("\n", log))
                .contains("Proxy-Authorization: [REDACTED]")
                .doesNotContain(PASSWORD)
                .doesNotContain(patch.getHeader("Proxy-Authorization").substring("Basic ".length()));
    }

    @Test
    void aProxyThatRefusesTheCredentialsIsNotAskedAgainAndThePatchIsNotResent() throws Exception {
        server.enqueue(json(407, "{}").setHeader("Proxy-Authenticate", "Basic realm=\"proxy\""));
        server.enqueue(json(407, "{}").setHeader("Proxy-Authenticate", "Basic realm=\"proxy\""));
        DigitalOceanClient client =
                clientBuilder().apiUrl(API).proxy(proxy(null)).build();

        Throwable failure = catchThrowable(() -> client.updateApp(
                APP_ID,
                AppUpdate.builder()
                        .imageId(140000005)
                        .reasonForUpdate("release")
                        .build()));

        assertThat(failure).isInstanceOf(DigitalOceanException.class).hasMessageContaining("407");
        assertThat(failure.getMessage()).doesNotContain(PASSWORD);
        assertThat(server.getRequestCount()).isEqualTo(1);
        client.close();
    }

    @Test
    void aNonProxyHostIsReachedDirectly() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpProxy unreachable = HttpProxy.builder()
                .host("127.0.0.1")
                .port(closedPort)
                .nonProxyHosts("example.com|" + server.getHostName().toUpperCase(java.util.Locale.ROOT))
                .build();
        enqueueJson(200, dropletJson(7));
        try (DigitalOceanClient client = clientBuilder().proxy(unreachable).build()) {
            assertThat(client.getDroplet(7).id()).isEqualTo(7);
        }

        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getRequestLine()).isEqualTo("GET /v2/droplets/7 HTTP/1.1");
    }

    @Test
    void withoutAProxyOfItsOwnTheClientUsesTheJvmProxyProperties() throws Exception {
        enqueueJson(200, dropletJson(7));
        String host = System.getProperty("http.proxyHost");
        String port = System.getProperty("http.proxyPort");
        System.setProperty("http.proxyHost", server.getHostName());
        System.setProperty("http.proxyPort", String.valueOf(server.getPort()));
        try (DigitalOceanClient client = clientBuilder().apiUrl(API).build()) {
            assertThat(client.getDroplet(7).id()).isEqualTo(7);
        } finally {
            restore("http.proxyHost", host);
            restore("http.proxyPort", port);
        }

        assertThat(takeRequest().getRequestLine()).isEqualTo("GET " + API + "v2/droplets/7 HTTP/1.1");
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    @Test
    void nonProxyHostPatternsMatchLikeSettingsXml() {
        HttpProxy proxy = HttpProxy.builder()
                .host("proxy.example.com")
                .port(3128)
                .nonProxyHosts("localhost|*.internal.example.com, 10.0.*")
                .build();

        assertThat(proxy.nonProxyHosts()).containsExactly("localhost", "*.internal.example.com", "10.0.*");
        assertThat(proxy.bypasses("LOCALHOST")).isTrue();
        assertThat(proxy.bypasses("ci.internal.example.com")).isTrue();
        assertThat(proxy.bypasses("10.0.3.4")).isTrue();
        assertThat(proxy.bypasses("api.digitalocean.com")).isFalse();
        assertThat(proxy.bypasses("internal.example.com.evil.test")).isFalse();
    }

    @Test
    void thePasswordIsNotInToString() {
        HttpProxy proxy = proxy("localhost");

        assertThat(proxy.toString())
                .contains("ci:***@", String.valueOf(server.getPort()), "localhost")
                .doesNotContain(PASSWORD);
    }

    @Test
    void badProxySettingsAreRefusedNamingTheProxy() {
        assertThatThrownBy(() -> HttpProxy.builder().port(0))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("proxy port must be between 1 and 65535");
        assertThatThrownBy(() -> HttpProxy.builder().host("http://proxy:3128"))
                .hasMessageStartingWith("proxy host must be a host name or address");
        assertThatThrownBy(() -> HttpProxy.builder().credentials(null, "secret"))
                .hasMessageStartingWith("proxy password is set but the proxy user name is not");
        assertThatThrownBy(() -> HttpProxy.builder().host("proxy").build()).hasMessage("proxy port is required");
    }
}
