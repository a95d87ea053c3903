import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.model.AppUpdate;
import io.github.oneclick.vendor.model.Software;
import io.github.oneclick.vendor.workflow.ProgressListener;
import io.github.oneclick.vendor.workflow.ReleaseException;
import io.github.oneclick.vendor.workflow.ReleasePlan;
import io.github.oneclick.vendor.workflow.ReleaseRequest;
import io.github.oneclick.vendor.workflow.ReleaseResult;
import io.github.oneclick.vendor.workflow.ReleaseWorkflow;
import io.github.oneclick.vendor.workflow.SnapshotException;
import io.github.oneclick.vendor.workflow.SnapshotRequest;
import io.github.oneclick.vendor.workflow.SnapshotResult;
import io.github.oneclick.vendor.workflow.SnapshotWorkflow;
import java.time.Duration;

/** What mvn deploy does after validation, without Maven: snapshot the build droplet, release the new image. */
public class SnapshotAndRelease {
    public static void main(String[] args) {
        String appId = args[0];    // from the app's Vendor Portal URL
        String version = args[1];  // such as 2.0.1

        ProgressListener log = new ProgressListener() {
            @Override
            public void phase(String message) {
                System.out.println(message);
            }

            @Override
            public void stateChanged(StateChange change) {
                System.out.println(change.message());
            }

            @Override
            public void warning(String message) {
                System.err.println("WARNING: " + message);
            }
        };

        DigitalOceanClient client = DigitalOceanClient.builder()
                .token(System.getenv("DIGITALOCEAN_TOKEN"))
                .build();
        try {
            SnapshotRequest snapshot = SnapshotRequest.builder()
                    .dropletName("acme-build-01")
                    .defaultName("acme-lemp", version)   // acme-lemp-<version>-<yyyyMMdd-HHmmss>
                    .shutdownTimeout(Duration.ofMinutes(3))
                    .snapshotTimeout(Duration.ofMinutes(60))
                    .build();
            SnapshotResult taken = new SnapshotWorkflow(client).run(snapshot, log);
            System.out.println("Snapshot " + taken.name() + " is image " + taken.imageId());

            AppUpdate update = AppUpdate.builder()
                    .imageId(taken.imageId())
                    .version(version)
                    .reasonForUpdate("Release " + version)
                    .osVersion("Ubuntu 24.04")
                    .addSoftware(Software.of("Nginx", "1.26.2"))
                    .build();
            ReleaseWorkflow release = new ReleaseWorkflow(client);
            ReleasePlan plan = release.preflight(new ReleaseRequest(appId, update));
            plan.warnings().forEach(warning -> System.err.println("WARNING: " + warning));
            ReleaseResult result = release.release(plan, System.err::println);
            System.out.println("Listing " + appId + " is now " + result.listingStatus());
        } catch (SnapshotException | ReleaseException | DigitalOceanException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } finally {
            client.close();
        }
    }
}
