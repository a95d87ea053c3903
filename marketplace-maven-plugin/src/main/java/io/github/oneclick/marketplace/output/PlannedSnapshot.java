package io.github.oneclick.marketplace.output;

/**
 * The snapshot a dry run of {@code marketplace:snapshot} would take, handed to {@code marketplace:release} of the same
 * build, which then only checks its own settings.
 *
 * @param dropletId the droplet that would be snapshotted
 * @param name the snapshot's name
 */
public record PlannedSnapshot(long dropletId, String name) {}
