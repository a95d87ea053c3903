package io.github.oneclick.vendor.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A DigitalOcean region, as {@code GET /v2/regions} lists it and as droplets and actions carry it. The API sends an
 * object ({@code {"slug":"nyc3","name":"New York 3","sizes":[...],"available":true,...}}); older responses carried a
 * plain slug string, which is accepted too (then only the slug is known).
 *
 * @param slug the region slug, such as {@code nyc3}
 * @param name the display name, or {@code null} when the API sent only a slug
 * @param sizes slugs of the sizes that can be created in the region
 * @param features the region's features, such as {@code ipv6} or {@code image_transfer}
 * @param available whether new droplets can be created in the region; {@code false} when the API sent only a slug
 */
@JsonDeserialize(using = Region.Deserializer.class)
public record Region(String slug, String name, List<String> sizes, List<String> features, boolean available) {

    public Region {
        sizes = sizes == null ? List.of() : List.copyOf(sizes);
        features = features == null ? List.of() : List.copyOf(features);
    }

    /** A region known only by its slug and name. */
    public Region(String slug, String name) {
        this(slug, name, List.of(), List.of(), false);
    }

    /** Reads a region from either an object or a bare slug string. */
    static final class Deserializer extends JsonDeserializer<Region> {
        @Override
        public Region deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            if (node == null || node.isNull()) {
                return null;
            }
            if (node.isTextual()) {
                return new Region(node.asText(), null);
            }
            JsonNode available = node.get("available");
            return new Region(
                    Json.text(node, "slug"),
                    Json.text(node, "name"),
                    texts(node.get("sizes")),
                    texts(node.get("features")),
                    available != null && available.asBoolean(false));
        }

        private static List<String> texts(JsonNode array) {
            List<String> values = new ArrayList<>();
            if (array != null && array.isArray()) {
                array.forEach(value -> {
                    if (!value.isNull()) {
                        values.add(value.asText());
                    }
                });
            }
            return values;
        }
    }
}
