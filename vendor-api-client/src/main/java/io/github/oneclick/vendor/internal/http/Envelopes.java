package io.github.oneclick.vendor.internal.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.github.oneclick.vendor.model.Action;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.DropletCreateRequest;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.Region;
import io.github.oneclick.vendor.model.Size;
import io.github.oneclick.vendor.model.Snapshot;
import io.github.oneclick.vendor.model.SshKey;
import java.util.List;

/**
 * The JSON envelopes of API v2: one object under a singular key, collections under a plural key with
 * {@code links} and {@code meta}. Internal to the client.
 */
public final class Envelopes {
    private Envelopes() {}

    public record DropletEnvelope(Droplet droplet) {}

    public record ActionEnvelope(Action action) {}

    public record ImageEnvelope(Image image) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SshKeyEnvelope(SshKey sshKey) {}

    /** {@code links.pages} of a collection; every key is optional. */
    public record Links(Pages pages) {
        public String next() {
            return pages == null ? null : pages.next();
        }
    }

    public record Pages(String first, String prev, String next, String last) {}

    public record Meta(Long total) {}

    /** A page of a collection. */
    public interface Page<T> {
        /** The page's elements, or {@code null} when the body lacks the collection's key. */
        List<T> items();

        Links links();
    }

    public record DropletsPage(List<Droplet> droplets, Links links, Meta meta) implements Page<Droplet> {
        @Override
        public List<Droplet> items() {
            return droplets;
        }
    }

    public record ActionsPage(List<Action> actions, Links links, Meta meta) implements Page<Action> {
        @Override
        public List<Action> items() {
            return actions;
        }
    }

    public record SnapshotsPage(List<Snapshot> snapshots, Links links, Meta meta) implements Page<Snapshot> {
        @Override
        public List<Snapshot> items() {
            return snapshots;
        }
    }

    public record SizesPage(List<Size> sizes, Links links, Meta meta) implements Page<Size> {
        @Override
        public List<Size> items() {
            return sizes;
        }
    }

    public record RegionsPage(List<Region> regions, Links links, Meta meta) implements Page<Region> {
        @Override
        public List<Region> items() {
            return regions;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SshKeysPage(List<SshKey> sshKeys, Links links, Meta meta) implements Page<SshKey> {
        @Override
        public List<SshKey> items() {
            return sshKeys;
        }
    }

    /**
     * Body of {@code POST /v2/droplets}: an image id and SSH key ids as JSON numbers, slugs and fingerprints as
     * strings; {@code user_data} and {@code vpc_uuid} left out when unset.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DropletCreateBody(
            String name,
            String region,
            String size,
            Object image,
            List<Object> sshKeys,
            Boolean backups,
            Boolean ipv6,
            Boolean monitoring,
            List<String> tags,
            String userData,
            String vpcUuid) {

        public static DropletCreateBody of(DropletCreateRequest request) {
            return new DropletCreateBody(
                    request.name(),
                    request.region(),
                    request.size(),
                    request.imageIsId() ? (Object) Long.valueOf(request.image()) : request.image(),
                    request.sshKeys().stream()
                            .map(key -> key.contains(":") ? (Object) key : Long.valueOf(key))
                            .toList(),
                    request.backups(),
                    request.ipv6(),
                    request.monitoring(),
                    request.tags(),
                    request.userData(),
                    request.vpcUuid());
        }
    }

    /** Body of {@code POST /v2/account/keys}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SshKeyCreateBody(String name, String publicKey) {}

    /** Body of {@code POST /v2/droplets/{id}/actions}; {@code name} only for snapshots. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DropletActionRequest(String type, String name) {}

    /** Body of {@code POST /v2/images/{id}/actions}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageActionRequest(String type, String region) {}
}
