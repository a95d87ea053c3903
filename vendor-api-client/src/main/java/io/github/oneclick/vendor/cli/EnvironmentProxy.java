package io.github.oneclick.vendor.cli;

import io.github.oneclick.vendor.HttpProxy;
import io.github.oneclick.vendor.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy a shell step names the way curl reads it: {@code HTTPS_PROXY} (or {@code https_proxy}) for an https API
 * URL, {@code HTTP_PROXY} (or {@code http_proxy}) for a plain-http one, as {@code http://[user[:password]@]host[:port]}
 * (port 1080 when left out, as curl), and {@code NO_PROXY} (or {@code no_proxy}): comma-separated hosts, each with
 * its subdomains, or {@code *} for none. A value that is not such a URL is refused without being printed: it may
 * hold a password.
 */
final class EnvironmentProxy {
    private static final int DEFAULT_PORT = 1080;
    private static final List<String> VARIABLES = List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy");

    /** The variable a proxy came from, and the proxy. */
    record Found(String variable, HttpProxy proxy) {}

    private EnvironmentProxy() {}

    /** The proxy for {@code apiUrl}, or empty when the environment names none or {@code NO_PROXY} is {@code *}. */
    static Optional<Found> forUrl(Map<String, String> env, String apiUrl) throws UsageException {
        boolean https = apiUrl.regionMatches(true, 0, "https:", 0, 6);
        List<String> names = https ? List.of("HTTPS_PROXY", "https_proxy") : List.of("HTTP_PROXY", "http_proxy");
        Optional<String> variable = names.stream()
                .filter(n -> env.get(n) != null && !env.get(n).isBlank())
                .findFirst();
        if (variable.isEmpty()) {
            return Optional.empty();
        }
        String noProxy =
                env.getOrDefault("NO_PROXY", env.getOrDefault("no_proxy", "")).strip();
        if (noProxy.equals("*")) {
            return Optional.empty();
        }
        String value = env.get(variable.get()).strip();
        String refused = variable.get() + " is not a proxy URL such as http://proxy.example.com:3128 (or"
                + " http://user:password@proxy.example.com:3128); its value is not shown, since it may hold a password.";
        URI uri;
        try {
            uri = new URI(value.contains("://") ? value : "http://" + value);
        } catch (URISyntaxException e) {
            throw new UsageException(refused);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new UsageException(refused);
        }
        HttpProxy.Builder builder = HttpProxy.builder();
        try {
            builder.host(uri.getHost()).port(uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort());
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                builder.credentials(
                        decode(colon < 0 ? userInfo : userInfo.substring(0, colon)),
                        colon < 0 ? "" : decode(userInfo.substring(colon + 1)));
            }
            for (String host : noProxy.split(",")) {
                String h = host.strip();
                if (!h.isEmpty()) {
                    String domain = h.startsWith(".") ? h.substring(1) : h;
                    builder.nonProxyHosts(domain + "|*." + domain);
                }
            }
            return Optional.of(new Found(variable.get(), builder.build()));
        } catch (InvalidSettingException e) {
            throw new UsageException(refused);
        }
    }

    /** The passwords the proxy variables hold, as written and decoded, for the console to redact. */
    static List<String> passwords(Map<String, String> env) {
        List<String> passwords = new ArrayList<>();
        for (String name : VARIABLES) {
            String value = env.get(name);
            int at = value == null ? -1 : value.lastIndexOf('@');
            int scheme = value == null ? -1 : value.indexOf("://");
            String userInfo = at < 0 ? "" : value.substring(scheme < 0 ? 0 : scheme + 3, Math.max(at, 0));
            int colon = userInfo.indexOf(':');
            if (colon >= 0 && userInfo.length() - colon > 4) {
                String raw = userInfo.substring(colon + 1);
                passwords.add(raw);
                passwords.add(decode(raw));
            }
        }
        return passwords;
    }

    /** Percent-decoding of a URL's user info, where '+' is a plus sign. */
    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
