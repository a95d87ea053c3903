package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.SshKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugin.logging.SystemStreamLog;

/**
 * The build a {@link RunSessionShutdownHookTest} kills: a run that has created a droplet and an SSH key on the API at
 * {@code args[0]}, with its shutdown hook installed, that prints {@value #READY} and then waits forever, as a build
 * waits on a droplet. With {@code args[1]} {@value #FINISH} it first finishes the run, as the pipeline's last goal
 * does, and prints {@value #FINISHED} before it waits.
 */
final class RunSessionHookMain {
    static final String READY = "ready";
    static final String FINISHED = "finished";
    static final String FINISH = "finish";
    static final long DROPLET_ID = 4242;
    static final String DROPLET_NAME = "acme-build";
    static final String KEY_FINGERPRINT = "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa";
    static final String KEY_NAME = "acme-build-key";

    private RunSessionHookMain() {}

    public static void main(String[] args) throws InterruptedException {
        String apiUrl = args[0];
        boolean finish = args.length > 1 && FINISH.equals(args[1]);
        Supplier<DigitalOceanClient> clients = () ->
                DigitalOceanClient.builder().token("dummy-token").apiUrl(apiUrl).build();
        Log log = new SystemStreamLog();

        RunSession session = RunSession.of(new HashMap<>(), Clock.systemUTC());
        session.resources()
                .trackDroplet(
                        new Droplet(
                                DROPLET_ID,
                                DROPLET_NAME,
                                Droplet.ACTIVE,
                                false,
                                List.of(),
                                null,
                                "s-1vcpu-1gb",
                                25,
                                null,
                                List.of(),
                                Clock.systemUTC().instant()),
                        0.00893);
        session.resources().trackSshKey(new SshKey(7, KEY_FINGERPRINT, KEY_NAME, "ssh-ed25519 AAAA build@ci"));
        session.deleteOnExit(clients, log);

        System.out.println(READY);
        System.out.flush();

        if (finish) {
            try (DigitalOceanClient client = clients.get()) {
                RunSession.summary(session.finish(client, new LogProgress(log))).forEach(log::info);
            }
            System.out.println(FINISHED);
            System.out.flush();
        }
        new CountDownLatch(1).await();
    }
}
