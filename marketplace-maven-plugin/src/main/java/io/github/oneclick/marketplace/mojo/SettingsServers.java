package io.github.oneclick.marketplace.mojo;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** Reads settings.xml servers with their secrets decrypted, failing clearly when a secret cannot be. */
final class SettingsServers {
    private SettingsServers() {}

    /**
     * The server with this id, decrypted, or {@code null} when settings.xml has none.
     *
     * @param property the plugin property that names the server, for messages
     */
    static Server decrypted(Settings settings, SettingsDecrypter decrypter, String id, String property)
            throws MojoFailureException {
        Server server = settings == null || id == null || id.isBlank() ? null : settings.getServer(id.strip());
        if (server == null) {
            return null;
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new MojoFailureException("The secrets of settings.xml server '" + id.strip() + "' ("
                        + property + ") cannot be decrypted: " + problem.getMessage() + ". Check the master"
                        + " password in ~/.m2/settings-security.xml, encrypt the secret again with"
                        + " 'mvn --encrypt-password', or name another server with " + property + ".");
            }
        }
        return result.getServer();
    }
}
