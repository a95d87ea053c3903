package io.github.oneclick.vendor.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/** Answers every request with the API reference's droplet example and the usual rate-limit headers. */
final class SameAnswer extends Dispatcher {
    static final String TOKEN = "dop_v1_benchmark0000000000000000000000000000000000000000000000000000000";
    static final String BODY = read();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse()
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "4999")
                .setHeader("ratelimit-reset", "4102444800")
                .setBody(BODY);
    }

    private static String read() {
        try (InputStream in = SameAnswer.class.getResourceAsStream("/io/github/oneclick/vendor/api/droplet.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
