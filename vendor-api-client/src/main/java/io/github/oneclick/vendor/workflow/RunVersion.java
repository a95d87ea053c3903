package io.github.oneclick.vendor.workflow;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one version of a run, which names the snapshot and the release alike: given explicitly, else the tag a CI run
 * was started for ({@code v2.0.2} gives {@code 2.0.2}), else the build's own version.
 *
 * <p>Tags are read from the CI's variables: GitHub Actions ({@code GITHUB_REF_TYPE=tag} and {@code GITHUB_REF_NAME}),
 * GitLab CI ({@code CI_COMMIT_TAG}), Jenkins ({@code TAG_NAME}) and any CI that sets {@code CI_TAG}.
 */
public final class RunVersion {
    private static final Pattern LEADING_V = Pattern.compile("^[vV](?=\\d)");

    private RunVersion() {}

    /**
     * The run's version.
     *
     * @param explicit the version given by the user, or {@code null}
     * @param environment the environment variables
     * @param buildVersion the build's own version, or {@code null}
     * @return the version, with where it came from; empty when none is known
     */
    public static Optional<Chosen> choose(String explicit, Function<String, String> environment, String buildVersion) {
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(new Chosen(explicit.strip(), "given"));
        }
        Optional<Chosen> tag = fromTag(environment);
        if (tag.isPresent()) {
            return tag;
        }
        return buildVersion == null || buildVersion.isBlank()
                ? Optional.empty()
                : Optional.of(new Chosen(buildVersion.strip(), "the build's version"));
    }

    /** The version of the tag a CI run was started for, if any. */
    public static Optional<Chosen> fromTag(Function<String, String> environment) {
        String github =
                "tag".equals(environment.apply("GITHUB_REF_TYPE")) ? environment.apply("GITHUB_REF_NAME") : null;
        for (String[] candidate : new String[][] {
            {github, "tag GITHUB_REF_NAME"},
            {environment.apply("CI_COMMIT_TAG"), "tag CI_COMMIT_TAG"},
            {environment.apply("TAG_NAME"), "tag TAG_NAME"},
            {environment.apply("CI_TAG"), "tag CI_TAG"}
        }) {
            String tag = candidate[0];
            if (tag != null && !tag.isBlank()) {
                return Optional.of(
                        new Chosen(LEADING_V.matcher(tag.strip()).replaceFirst(""), candidate[1] + "=" + tag.strip()));
            }
        }
        return Optional.empty();
    }

    /**
     * A chosen version.
     *
     * @param version the version, such as {@code 2.0.2}
     * @param source where it came from, for the log
     */
    public record Chosen(String version, String source) {}
}
