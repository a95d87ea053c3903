package io.github.oneclick.vendor.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.NoDelayServerSockets;
import io.github.oneclick.vendor.RetryPolicy;
import io.github.oneclick.vendor.internal.http.Envelopes.DropletEnvelope;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the client's figures against a local MockWebServer; asserts nothing about time. Runs only with
 * {@code -Pbenchmark}. Targets: first call from a cold JVM under 300 ms; per-call overhead within 10% of a raw
 * OkHttp call of the same request.
 */
@Tag("benchmark")
class ClientBenchmarkTest {
    private static final int COLD_RUNS = 5;
    private static final int WARMUP = 5_000;
    private static final int ROUNDS = 20;
    private static final int CALLS_PER_ROUND = 1_000;
    private static final Pattern FIGURES = Pattern.compile("first-call-ms=([0-9.]+) jvm-uptime-ms=([0-9]+)");

    @Test
    void firstCallFromAColdJvm() throws Exception {
        List<String> modes = List.of("client", "raw-json", "raw");
        Map<String, double[]> firstCall = new LinkedHashMap<>();
        Map<String, double[]> uptime = new LinkedHashMap<>();
        modes.forEach(mode -> {
            firstCall.put(mode, new double[COLD_RUNS]);
            uptime.put(mode, new double[COLD_RUNS]);
        });
        // interleaved, so that a noisy moment costs every mode alike
        for (int run = 0; run < COLD_RUNS; run++) {
            for (String mode : modes) {
                String line = runColdJvm(mode);
                Matcher matcher = FIGURES.matcher(line);
                if (!matcher.find()) {
                    throw new AssertionError("unexpected output of the cold JVM: " + line);
                }
                firstCall.get(mode)[run] = Double.parseDouble(matcher.group(1));
                uptime.get(mode)[run] = Double.parseDouble(matcher.group(2));
            }
        }
        for (String mode : modes) {
            System.out.printf(
                    Locale.ROOT,
                    "[benchmark] cold JVM, first getDroplet, %s: median %.1f ms (runs %s);"
                            + " JVM uptime at that point: median %.0f ms%n",
                    switch (mode) {
                        case "raw" -> "raw OkHttp reading text";
                        case "raw-json" -> "raw OkHttp with the client's Jackson mapping";
                        default -> "client";
                    },
                    percentile(firstCall.get(mode), 50),
                    Arrays.toString(firstCall.get(mode)),
                    percentile(uptime.get(mode), 50));
        }
        System.out.printf(
                Locale.ROOT,
                "[benchmark] cold first call, client / raw OkHttp with the same Jackson mapping: %.2fx (target 1.2x)%n",
                percentile(firstCall.get("client"), 50) / percentile(firstCall.get("raw-json"), 50));
    }

    @Test
    void perCallOverheadVersusRawOkHttp() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.setServerSocketFactory(new NoDelayServerSockets());
            server.setDispatcher(new SameAnswer());
            server.start();
            String url = server.url("/").toString();
            DigitalOceanClient client = DigitalOceanClient.builder()
                    .token(SameAnswer.TOKEN)
                    .apiUrl(url)
                    .retryPolicy(RetryPolicy.NONE)
                    .build();
            OkHttpClient raw =
                    new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
            Request request = new Request.Builder()
                    .url(url + "v2/droplets/3164444")
                    .header("Authorization", "Bearer " + SameAnswer.TOKEN)
                    .header("User-Agent", "raw-okhttp")
                    .header("Accept", "application/json")
                    .build();
            ObjectMapper mapper = DigitalOceanClient.objectMapper();

            Call viaClient = () -> client.getDroplet(3164444).id();
            Call viaRaw = () -> {
                try (Response response = raw.newCall(request).execute()) {
                    return response.body().string().length();
                }
            };
            Call viaRawAndJackson = () -> {
                try (Response response = raw.newCall(request).execute()) {
                    return mapper.readValue(response.body().byteStream(), DropletEnvelope.class)
                            .droplet()
                            .id();
                }
            };
            Call[] calls = {viaClient, viaRaw, viaRawAndJackson};
            for (int i = 0; i < WARMUP; i++) {
                for (Call call : calls) {
                    call.run();
                }
            }
            long[][] samples = new long[calls.length][ROUNDS * CALLS_PER_ROUND];
            for (int round = 0; round < ROUNDS; round++) {
                for (int c = 0; c < calls.length; c++) {
                    for (int i = 0; i < CALLS_PER_ROUND; i++) {
                        long start = System.nanoTime();
                        calls[c].run();
                        samples[c][round * CALLS_PER_ROUND + i] = System.nanoTime() - start;
                    }
                }
            }
            String[] names = {"client getDroplet", "raw OkHttp (body read as text)", "raw OkHttp + same Jackson mapping"
            };
            double[] medians = new double[calls.length];
            double[] p90s = new double[calls.length];
            for (int c = 0; c < calls.length; c++) {
                double[] micros =
                        Arrays.stream(samples[c]).mapToDouble(n -> n / 1_000.0).toArray();
                medians[c] = percentile(micros, 50);
                p90s[c] = percentile(micros, 90);
                System.out.printf(
                        Locale.ROOT,
                        "[benchmark] per call, %-32s median %7.1f us, p90 %7.1f us (%d calls)%n",
                        names[c],
                        medians[c],
                        p90s[c],
                        micros.length);
            }
            System.out.printf(
                    Locale.ROOT,
                    "[benchmark] client overhead versus raw OkHttp: median %+.1f%%, p90 %+.1f%%"
                            + " (%+.1f us per call at the median)%n",
                    100 * (medians[0] / medians[1] - 1),
                    100 * (p90s[0] / p90s[1] - 1),
                    medians[0] - medians[1]);
            System.out.printf(
                    Locale.ROOT,
                    "[benchmark] client overhead versus raw OkHttp with the same JSON mapping:"
                            + " median %+.1f%%, p90 %+.1f%% (%+.1f us per call at the median)%n",
                    100 * (medians[0] / medians[2] - 1),
                    100 * (p90s[0] / p90s[2] - 1),
                    medians[0] - medians[2]);
            client.close();
            raw.dispatcher().executorService().shutdown();
            raw.connectionPool().evictAll();
        }
    }

    private static String runColdJvm(String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), FirstCallMain.class.getName(), mode)
                .redirectErrorStream(true)
                .start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            reader.lines().forEach(lines::add);
            lines.forEach(line -> output.append(line).append('\n'));
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError("the cold JVM failed:\n" + output);
        }
        return output.toString();
    }

    private static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @FunctionalInterface
    private interface Call {
        long run() throws IOException;
    }
}
