package io.github.oneclick.vendor.cli;

/**
 * The command line of the client, the main class of {@code vendor-api-client-<version>-cli.jar}:
 * {@code java -jar vendor-api-client-<version>-cli.jar release --app ID --image ID} releases an image as
 * {@code marketplace:release} does; {@code snapshot} and {@code image} are the other commands, {@code help} lists
 * them. The API token comes from the environment variables {@code DIGITALOCEAN_API_TOKEN}, {@code DIGITALOCEAN_TOKEN}
 * or {@code DIGITALOCEAN_ACCESS_TOKEN}, never from an argument.
 *
 * <p>Exit codes: 0 done; 1 DigitalOcean refused or failed the request; 2 bad usage or input, nothing sent; 3 a change
 * was sent and its outcome is unknown.
 */
public final class Main {
    private Main() {}

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        System.exit(new Cli().run(args, System.getenv(), System.out, System.err));
    }
}
