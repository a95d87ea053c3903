package io.github.oneclick.vendor.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.NoDelayServerSockets;
import io.github.oneclick.vendor.RetryPolicy;
import io.github.oneclick.vendor.internal.http.Envelopes.DropletEnvelope;
import io.github.oneclick.vendor.model.Droplet;
import java.lang.management.ManagementFactory;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockWebServer;

/**
 * Run in a fresh JVM by {@link ClientBenchmarkTest}: starts a MockWebServer, then times the first completed
 * {@code getDroplet} call, from building the client to the parsed droplet ({@code client}), or the same request made
 * with a plain OkHttpClient, read as text ({@code raw}) or mapped to the same
 * {@link Droplet} by the client's Jackson mapping ({@code raw-json}). Prints one line: {@code first-call-ms=<ms> jvm-uptime-ms=<ms>}.
 */
public final class FirstCallMain {
    private FirstCallMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "client";
        try (MockWebServer server = new MockWebServer()) {
            server.setServerSocketFactory(new NoDelayServerSockets());
            server.setDispatcher(new SameAnswer());
            server.start();
            String url = server.url("/").toString();

            long start = System.nanoTime();
            String name;
            if (mode.startsWith("raw")) {
                OkHttpClient http = new OkHttpClient();
                Request request = new Request.Builder()
                        .url(url + "v2/droplets/3164444")
                        .header("Authorization", "Bearer " + SameAnswer.TOKEN)
                        .header("User-Agent", "raw-okhttp")
                        .header("Accept", "application/json")
                        .build();
                try (Response response = http.newCall(request).execute()) {
                    if (mode.equals("raw-json")) {
                        ObjectMapper mapper = DigitalOceanClient.objectMapper();
                        name = mapper.readValue(response.body().byteStream(), DropletEnvelope.class)
                                .droplet()
                                .name();
                    } else {
                        name = String.valueOf(response.body().string().length());
                    }
                }
            } else {
                DigitalOceanClient client = DigitalOceanClient.builder()
                        .token(SameAnswer.TOKEN)
                        .apiUrl(url)
                        .retryPolicy(RetryPolicy.NONE)
                        .build();
                name = client.getDroplet(3164444).name();
            }
            long elapsed = System.nanoTime() - start;
            long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
            if (name == null) {
                throw new IllegalStateException("no answer");
            }
            System.out.printf("first-call-ms=%.1f jvm-uptime-ms=%d%n", elapsed / 1e6, uptime);
        }
    }
}
