package io.github.oneclick.marketplace.output;

import java.util.Objects;

/**
 * The build droplet {@code marketplace:build} created and provisioned: written to
 * {@code target/marketplace/build.json} and handed to {@code marketplace:validate}, {@code marketplace:snapshot} and
 * {@code marketplace:test-image} of the same build, which then need no droplet or SSH settings of their own.
 *
 * @param runId the run that created it, whose tags it carries
 * @param dropletId the droplet
 * @param dropletName its name
 * @param address its public IPv4
 * @param port the SSH port
 * @param user the SSH user
 * @param privateKey the run's private key file (created for this run, never the user's)
 * @param knownHosts the run's known_hosts file, which pins the host key handed to cloud-init
 * @param sshKeyFingerprint the MD5 fingerprint of the run's account key, for droplets made from the image
 * @param region the droplet's region
 * @param size the droplet's size slug
 * @param kept whether the user asked to keep the droplet (it is not destroyed at the end)
 */
public record BuildOutput(
        String runId,
        long dropletId,
        String dropletName,
        String address,
        int port,
        String user,
        String privateKey,
        String knownHosts,
        String sshKeyFingerprint,
        String region,
        String size,
        boolean kept) {

    public BuildOutput {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(dropletName, "dropletName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(knownHosts, "knownHosts");
    }
}
