package io.github.oneclick.marketplace.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mirror proxy refuses whatever is not a plain GET or HEAD of the mirror's hosts, without contacting anyone. */
class MirrorProxyTest {
    private MirrorProxy proxy;

    @BeforeEach
    void start() throws IOException {
        proxy = MirrorProxy.start(InetAddress.getLoopbackAddress(), Set.of("deb.debian.org"));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET http://example.com/debian/dists/bookworm/InRelease HTTP/1.1",
                "GET http://deb.debian.org:8080/debian/ HTTP/1.1",
                "GET https://deb.debian.org/debian/ HTTP/1.1",
                "POST http://deb.debian.org/debian/ HTTP/1.1",
                "CONNECT deb.debian.org:443 HTTP/1.1",
                "GET /debian/dists/bookworm/InRelease HTTP/1.1",
                "GET http://deb.debian.org.evil.example/debian/ HTTP/1.1"
            })
    void requestBeyondTheMirror_isRefusedWith403(String requestLine) throws IOException {
        URI url = URI.create(proxy.url());

        String status;
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.getOutputStream().write((requestLine + "\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            status = firstLine(socket.getInputStream());
        }

        assertThat(status).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(proxy.refused()).containsExactly(requestLine);
        assertThat(proxy.served()).isEmpty();
    }

    private static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }
}
