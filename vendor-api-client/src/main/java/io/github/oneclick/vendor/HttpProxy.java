package io.github.oneclick.vendor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An HTTP proxy the client sends its requests through, with optional Basic credentials and the hosts it is bypassed
 * for, as a {@code settings.xml} {@code <proxy>} describes one. Built with {@link #builder()}, which checks each value
 * as it is given. The password never appears in {@link #toString()}, logs or messages.
 *
 * <pre>{@code
 * HttpProxy proxy = HttpProxy.builder()
 *         .host("proxy.example.com").port(3128)
 *         .credentials("ci", System.getenv("PROXY_PASSWORD"))
 *         .nonProxyHosts("localhost|*.internal.example.com")
 *         .build();
 * DigitalOceanClient client = DigitalOceanClient.builder().token(token).proxy(proxy).build();
 * }</pre>
 *
 * <p>Without a proxy of its own the client uses the JVM's ({@code https.proxyHost}, {@code https.proxyPort},
 * {@code http.nonProxyHosts}, or the system's with {@code java.net.useSystemProxies}).
 */
public final class HttpProxy {
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final List<String> nonProxyHosts;
    private final List<Pattern> bypass;

    private HttpProxy(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.username = builder.username;
        this.password = builder.password;
        this.nonProxyHosts = List.copyOf(builder.nonProxyHosts);
        this.bypass = nonProxyHosts.stream().map(HttpProxy::glob).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The proxy's host name or address. */
    public String host() {
        return host;
    }

    /** The proxy's port. */
    public int port() {
        return port;
    }

    /** The user name for the proxy's Basic authentication, or {@code null} when it needs none. */
    public String username() {
        return username;
    }

    /** The password for the proxy's Basic authentication, or {@code null}. Never log it. */
    public String password() {
        return password;
    }

    /** Host patterns ({@code *} matches any characters) that are reached directly, not through the proxy. */
    public List<String> nonProxyHosts() {
        return nonProxyHosts;
    }

    /** Whether a request to this host bypasses the proxy: it matches one of {@link #nonProxyHosts()}, ignoring case. */
    public boolean bypasses(String requestHost) {
        String candidate = requestHost.toLowerCase(Locale.ROOT);
        return bypass.stream().anyMatch(p -> p.matcher(candidate).matches());
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.toLowerCase(Locale.ROOT).split("\\*", -1))
                .map(Pattern::quote)
                .collect(Collectors.joining(".*")));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpProxy other
                && host.equals(other.host)
                && port == other.port
                && Objects.equals(username, other.username)
                && Objects.equals(password, other.password)
                && nonProxyHosts.equals(other.nonProxyHosts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, username, nonProxyHosts);
    }

    @Override
    public String toString() {
        return "HttpProxy[" + (username == null ? "" : username + ":***@") + host + ":" + port
                + (nonProxyHosts.isEmpty() ? "" : ", nonProxyHosts=" + String.join("|", nonProxyHosts)) + "]";
    }

    /** Builds an {@link HttpProxy}; each method checks its value at once. */
    public static final class Builder {
        private String host;
        private int port;
        private String username;
        private String password;
        private final List<String> nonProxyHosts = new ArrayList<>();

        private Builder() {}

        /** The proxy's host name or address (required). */
        public Builder host(String host) {
            if (host == null || host.isBlank() || host.strip().chars().anyMatch(c -> c <= 0x20 || c == '/')) {
                throw new InvalidSettingException(
                        "proxy host must be a host name or address, such as" + " proxy.example.com, was '" + host + "'",
                        "proxy");
            }
            this.host = host.strip();
            return this;
        }

        /** The proxy's port, 1 to 65535 (required). */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new InvalidSettingException("proxy port must be between 1 and 65535, was " + port, "proxy");
            }
            this.port = port;
            return this;
        }

        /**
         * Basic credentials for the proxy. A {@code null} or blank user name means the proxy needs none; a password
         * without a user name is refused.
         */
        public Builder credentials(String username, String password) {
            if (username == null || username.isBlank()) {
                if (password != null && !password.isEmpty()) {
                    throw new InvalidSettingException(
                            "proxy password is set but the proxy user name is not: set" + " both, or neither", "proxy");
                }
                this.username = null;
                this.password = null;
                return this;
            }
            if (username.contains(":")) {
                throw new InvalidSettingException(
                        "proxy user name must not contain ':' (Basic authentication" + " cannot carry it)", "proxy");
            }
            this.username = username.strip();
            this.password = password == null ? "" : password;
            return this;
        }

        /**
         * Hosts reached directly, as {@code settings.xml} writes them: patterns separated by {@code |} or
         * {@code ,}, with {@code *} for any characters, such as {@code localhost|*.internal.example.com}. Adds to
         * what was given before; {@code null} or blank adds nothing.
         */
        public Builder nonProxyHosts(String patterns) {
            if (patterns == null || patterns.isBlank()) {
                return this;
            }
            for (String pattern : patterns.split("[|,]")) {
                if (!pattern.isBlank()) {
                    nonProxyHosts.add(pattern.strip());
                }
            }
            return this;
        }

        public HttpProxy build() {
            if (host == null) {
                throw new InvalidSettingException("proxy host is required", "proxy");
            }
            if (port == 0) {
                throw new InvalidSettingException("proxy port is required", "proxy");
            }
            return new HttpProxy(this);
        }
    }
}
