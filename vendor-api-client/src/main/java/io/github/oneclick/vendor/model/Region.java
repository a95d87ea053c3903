package io.github.oneclick.vendor.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;

/**
 * A DigitalOcean region. The API sends an object ({@code {"slug":"nyc3","name":"New York 3",...}}); older
 * responses carried a plain slug string, which is accepted too.
 *
 * @param slug the region slug, such as {@code nyc3}
 * @param name the display name, or {@code null} when the API sent only a slug
 */
@JsonDeserialize(using = Region.Deserializer.class)
public record Region(String slug, String name) {

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
            return new Region(Json.text(node, "slug"), Json.text(node, "name"));
        }
    }
}
