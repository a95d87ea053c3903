package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response before it becomes a MockResponse. */
final class Reply {

    final int status;
    final String body;
    final String contentType;
    final Map<String, String> headers = new LinkedHashMap<>();

    Reply(int status, String body, String contentType) {
        this.status = status;
        this.body = body;
        this.contentType = contentType;
    }

    static Reply json(int status, JsonNode body) {
        return new Reply(status, Json.write(body), "application/json; charset=utf-8");
    }

    static Reply noContent() {
        return new Reply(204, null, null);
    }

    /** The API v2 error shape: {@code {"id","message","request_id"}}. */
    static Reply error(int status, String id, String message, String requestId) {
        ObjectNode n = Json.object();
        n.put("id", id);
        n.put("message", message);
        n.put("request_id", requestId);
        return json(status, n);
    }

    static Reply html(int status, String html) {
        return new Reply(status, html, "text/html; charset=UTF-8");
    }

    Reply header(String name, Object value) {
        headers.put(name, String.valueOf(value));
        return this;
    }

    /** A Cloudflare-like error page, as seen on a 504 from snapshot creation. */
    static String cloudflarePage(int status) {
        String title = switch (status) {
            case 502 -> "Bad gateway";
            case 503 -> "Service unavailable";
            case 504 -> "Gateway time-out";
            default -> "Error";
        };
        return "<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n<title>api.digitalocean.com | " + status
                + ": " + title + "</title>\n<meta charset=\"UTF-8\" />\n</head>\n<body>\n"
                + "<div id=\"cf-error-details\">\n<h1><span class=\"cf-error-type\">Error</span> <span class=\"code-label\">"
                + "Error code " + status + "</span></h1>\n<h2>" + title + "</h2>\n"
                + "<p>The web server reported a gateway time-out error.</p>\n"
                + "<p>Cloudflare Ray ID: <strong>8f1c2d3e4a5b6c7d</strong></p>\n</div>\n</body>\n</html>\n";
    }
}
