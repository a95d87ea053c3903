package io.github.oneclick.vendor.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The app data the Vendor Portal returns after an update. The documented example is truncated, so everything is
 * read leniently and unknown fields are ignored.
 *
 * @param appId the app id
 * @param name the app name
 * @param version the listing's internal version number, as text
 * @param type the app type, {@code droplet} for droplet 1-Clicks
 * @param status the review status
 * @param customData the listing's data ({@code imageId}, {@code version}, {@code osVersion}, ...), as sent
 */
public record AppDetails(
        String appId, String name, String version, String type, Status status, Map<String, Object> customData) {

    public AppDetails {
        customData = customData == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(customData));
    }

    /** The status value, such as {@code pending}, or {@code null} when the response had none. */
    public String statusValue() {
        return status == null ? null : status.value();
    }

    /** The image id the listing now points at, when the response carries it. */
    public OptionalLong listedImageId() {
        Object value = customData.get("imageId");
        if (value instanceof Number number) {
            return OptionalLong.of(number.longValue());
        }
        if (value instanceof String text) {
            try {
                return OptionalLong.of(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The review status of an app. The API sends an object; a bare string is accepted too.
     *
     * @param value {@code approved}, {@code pending}, {@code in review}, ...
     * @param lastUpdated epoch milliseconds of the last change
     * @param modifiedBy who made it
     * @param reason the reason given
     */
    @JsonDeserialize(using = Status.Deserializer.class)
    public record Status(String value, Long lastUpdated, String modifiedBy, String reason) {

        static final class Deserializer extends JsonDeserializer<Status> {
            @Override
            public Status deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode node = parser.readValueAsTree();
                if (node == null || node.isNull()) {
                    return null;
                }
                if (!node.isObject()) {
                    return new Status(node.asText(), null, null, null);
                }
                return new Status(
                        Json.text(node, "value"),
                        Json.number(node, "lastUpdated"),
                        Json.text(node, "modifiedBy"),
                        Json.text(node, "reason"));
            }
        }
    }
}
