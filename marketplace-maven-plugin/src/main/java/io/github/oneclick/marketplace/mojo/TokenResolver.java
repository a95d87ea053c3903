package io.github.oneclick.marketplace.mojo;

import java.util.List;
import java.util.function.Function;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Finds the API token, first to last: the {@code <password>} of the settings.xml {@code <server>} named by
 * {@code marketplace.serverId} (decrypted), then the environment variables {@link #ENVIRONMENT_VARIABLES}. The
 * value never leaves this class except inside a {@link Token}, whose {@code toString()} hides it.
 */
final class TokenResolver {
    static final List<String> ENVIRONMENT_VARIABLES =
            List.of("DIGITALOCEAN_API_TOKEN", "DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN");

    private TokenResolver() {}

    /**
     * A token and where it came from.
     *
     * @param value the secret
     * @param source a description of the source, safe to log
     */
    record Token(String value, String source) {
        @Override
        public String toString() {
            return "Token[source=" + source + ", value=[REDACTED]]";
        }
    }

    static Token resolve(
            Settings settings, SettingsDecrypter decrypter, String serverId, Function<String, String> environment)
            throws MojoFailureException {
        Server decrypted = SettingsServers.decrypted(settings, decrypter, serverId, "marketplace.serverId");
        if (decrypted != null) {
            String password = decrypted.getPassword();
            if (password == null || password.isBlank()) {
                throw new MojoFailureException("settings.xml server '" + serverId + "' has no <password>. Put the"
                        + " DigitalOcean API token there (encrypted with 'mvn --encrypt-password', on Maven 4 with"
                        + " 'mvnenc encrypt'), or remove the server to use the environment variables "
                        + String.join(", ", ENVIRONMENT_VARIABLES) + ".");
            }
            return new Token(password.strip(), "settings.xml server '" + serverId + "'");
        }
        for (String name : ENVIRONMENT_VARIABLES) {
            String value = environment.apply(name);
            if (value != null && !value.isBlank()) {
                return new Token(value.strip(), "environment variable " + name);
            }
        }
        throw new MojoFailureException("No DigitalOcean API token found. Add a <server> with id '" + serverId
                + "' (marketplace.serverId) to settings.xml with the token as its <password>, or set one of the"
                + " environment variables " + String.join(", ", ENVIRONMENT_VARIABLES) + ".");
    }
}
