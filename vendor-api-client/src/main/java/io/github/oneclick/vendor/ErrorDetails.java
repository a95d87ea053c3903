package io.github.oneclick.vendor;

/**
 * What is known about a failed request: enough to report it and to find it in DigitalOcean's logs.
 *
 * @param status the HTTP status, or 0 when no response was received
 * @param errorId the error id from the body, such as {@code not_found}, or {@code null}
 * @param apiMessage the message from the body (or an HTML page's title), or {@code null}
 * @param requestId the request id from the body, else from the {@code x-request-id} header, or {@code null}
 * @param method the HTTP method
 * @param path the request path
 * @param bodyExcerpt the start of the raw response body, bounded, with secrets removed; empty when none
 * @param attempts how many times the request reached the wire (a connection was made and the request written);
 *     0 when it never did
 */
public record ErrorDetails(
        int status,
        String errorId,
        String apiMessage,
        String requestId,
        String method,
        String path,
        String bodyExcerpt,
        int attempts) {

    public ErrorDetails {
        bodyExcerpt = bodyExcerpt == null ? "" : bodyExcerpt;
    }
}
