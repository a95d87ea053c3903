package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.vendor.HttpProxy;
import io.github.oneclick.vendor.InvalidSettingException;
import java.net.URI;
import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The settings.xml {@code <proxy>} the API calls go through: the active proxy whose {@code <protocol>} is the API
 * URL's scheme ({@code https} for DigitalOcean), else the first active proxy, as Maven picks one; its password
 * decrypted.
 */
final class SettingsProxies {
    /** The proxy chosen, with its settings.xml id for messages. */
    record Chosen(String id, HttpProxy proxy) {
        /** For the log: id, address, user, non-proxy hosts; never the password. */
        String describe() {
            return "settings.xml proxy '" + id + "' at " + proxy.host() + ":" + proxy.port()
                    + (proxy.username() == null ? "" : " as " + proxy.username())
                    + (proxy.nonProxyHosts().isEmpty()
                            ? ""
                            : ", except for " + String.join("|", proxy.nonProxyHosts()));
        }
    }

    private SettingsProxies() {}

    /** The proxy for calls to {@code apiUrl}, or {@code null} when settings.xml has no active proxy. */
    static Chosen forUrl(Settings settings, SettingsDecrypter decrypter, String apiUrl) throws MojoFailureException {
        if (settings == null
                || settings.getProxies() == null
                || settings.getProxies().isEmpty()) {
            return null;
        }
        String scheme = URI.create(apiUrl.strip()).getScheme();
        Proxy chosen = settings.getProxies().stream()
                .filter(p -> p.isActive() && scheme != null && scheme.equalsIgnoreCase(p.getProtocol()))
                .findFirst()
                .orElse(settings.getActiveProxy());
        if (chosen == null) {
            return null;
        }
        String id = chosen.getId() == null ? chosen.getHost() : chosen.getId();
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(chosen));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new MojoFailureException("The password of settings.xml proxy '" + id + "' cannot be decrypted: "
                        + problem.getMessage() + ". Check the master password in ~/.m2/settings-security.xml or"
                        + " encrypt the password again with 'mvn --encrypt-password'.");
            }
        }
        Proxy proxy = result.getProxy() == null ? chosen : result.getProxy();
        try {
            return new Chosen(
                    id,
                    HttpProxy.builder()
                            .host(proxy.getHost())
                            .port(proxy.getPort())
                            .credentials(proxy.getUsername(), proxy.getPassword())
                            .nonProxyHosts(proxy.getNonProxyHosts())
                            .build());
        } catch (InvalidSettingException e) {
            throw new MojoFailureException(
                    "settings.xml proxy '" + id + "' is not usable: " + e.getMessage()
                            + ". Fix its <host>, <port>, <username> or <password>, or set <active>false</active>.",
                    e);
        }
    }

    /** Whether calls to {@code apiUrl} bypass the proxy (its host is a non-proxy host). */
    static boolean bypasses(Chosen chosen, String apiUrl) {
        String host = URI.create(apiUrl.strip()).getHost();
        return host != null && chosen.proxy().bypasses(host.toLowerCase(Locale.ROOT));
    }
}
