import io.github.oneclick.vendor.AppPendingReviewException;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.model.AppDetails;
import io.github.oneclick.vendor.model.AppUpdate;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.Software;

public class PublishImage {
    public static void main(String[] args) {
        long imageId = Long.parseLong(args[1]);
        try (DigitalOceanClient client = DigitalOceanClient.builder()
                .token(System.getenv("DIGITALOCEAN_TOKEN"))
                .build()) {
            Image image = client.getImage(imageId);
            System.out.println("Publishing " + image.name() + " (" + image.status() + ")");

            AppUpdate update = AppUpdate.builder()
                    .imageId(imageId)
                    .version("1.4.0")
                    .reasonForUpdate("Release 1.4.0")
                    .addSoftware(Software.of("Ubuntu", "24.04"))
                    .build();
            AppDetails app = client.updateApp(args[0], update);
            System.out.println("Listing " + app.appId() + " is now " + app.statusValue());
        } catch (AppPendingReviewException e) {
            System.err.println("The app is still in review; try again once DigitalOcean has approved it.");
        }
    }
}
