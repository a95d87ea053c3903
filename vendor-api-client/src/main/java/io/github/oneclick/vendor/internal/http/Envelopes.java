package io.github.oneclick.vendor.internal.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.oneclick.vendor.model.Action;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.Snapshot;
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

    /** Body of {@code POST /v2/droplets/{id}/actions}; {@code name} only for snapshots. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DropletActionRequest(String type, String name) {}

    /** Body of {@code POST /v2/images/{id}/actions}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageActionRequest(String type, String region) {}
}
