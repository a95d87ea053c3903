package io.github.oneclick.sandbox.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a droplet's {@code user_data} tells cloud-init about SSH, read as cloud-init reads a {@code #cloud-config}
 * document: the host key pair under {@code ssh_keys} ({@code ed25519_private}, {@code ed25519_public}) and the keys
 * {@code ssh_authorized_keys} adds to the default user's (on DigitalOcean root's) {@code authorized_keys}. User data
 * that is no cloud-config (a shell script, nothing, or YAML that does not parse) tells nothing, as for cloud-init.
 *
 * @param ed25519Private the host's private key in OpenSSH format, or {@code null}
 * @param ed25519Public the host's public key line, or {@code null}
 * @param authorizedKeys the public key lines of {@code ssh_authorized_keys}
 */
public record CloudConfig(String ed25519Private, String ed25519Public, List<String> authorizedKeys) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public CloudConfig {
        authorizedKeys = List.copyOf(authorizedKeys);
    }

    /** Reads user data; {@code null} or anything but a parseable {@code #cloud-config} gives an empty config. */
    public static CloudConfig parse(String userData) {
        CloudConfig none = new CloudConfig(null, null, List.of());
        if (userData == null || !userData.startsWith("#cloud-config")) {
            return none;
        }
        JsonNode root;
        try {
            root = YAML.readTree(userData);
        } catch (IOException e) {
            return none;
        }
        if (root == null || !root.isObject()) {
            return none;
        }
        JsonNode keys = root.path("ssh_keys");
        String privateKey = text(keys.get("ed25519_private"));
        String publicKey = text(keys.get("ed25519_public"));
        List<String> authorized = new ArrayList<>();
        JsonNode list = root.get("ssh_authorized_keys");
        if (list != null && list.isArray()) {
            list.forEach(k -> {
                if (k.isTextual() && !k.asText().isBlank()) {
                    authorized.add(k.asText().strip());
                }
            });
        }
        return new CloudConfig(privateKey, publicKey, authorized);
    }

    /** Whether it hands the droplet its host key, so that the client can pin it before the first connection. */
    public boolean hasHostKey() {
        return ed25519Private != null && ed25519Public != null;
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
    }
}
