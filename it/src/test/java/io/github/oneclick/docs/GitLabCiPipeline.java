package io.github.oneclick.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs jobs of a {@code .gitlab-ci.yml} the way a GitLab runner's shell executor does on a tag pipeline: the
 * predefined variables ({@code CI_COMMIT_TAG}, {@code CI_PROJECT_DIR}, ...), the CI/CD variables (a {@code File}
 * variable holds the path of a file with its value), the job's {@code variables} expanded, its {@code rules}
 * evaluated ({@code $VAR =~ /regex/} only), and {@code before_script} and {@code script} in one {@code bash -eo
 * pipefail}. A job's {@code artifacts:reports:dotenv} file becomes variables of the jobs that need it.
 */
final class GitLabCiPipeline {
    private static final Pattern RULE = Pattern.compile("\\$(\\w+) =~ /(.*)/");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

    private final JsonNode ci;
    private final CiProject project;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> dotenvs = new LinkedHashMap<>();

    /**
     * A tag pipeline.
     *
     * @param ci the parsed {@code .gitlab-ci.yml}
     * @param tag the pushed tag
     * @param ciCdVariables the project's CI/CD variables, already in the form the job sees them
     */
    GitLabCiPipeline(JsonNode ci, CiProject project, String tag, Map<String, String> ciCdVariables) {
        this.ci = ci;
        this.project = project;
        variables.put("CI", "true");
        variables.put("GITLAB_CI", "true");
        variables.put("CI_COMMIT_TAG", tag);
        variables.put("CI_COMMIT_REF_NAME", tag);
        variables.put("CI_PROJECT_DIR", project.directory().toString());
        variables.putAll(ciCdVariables);
    }

    /** Whether the job's rules let it run in this pipeline. */
    boolean runs(String jobName) {
        JsonNode rules = job(jobName).path("rules");
        if (rules.isMissingNode()) {
            return true;
        }
        for (JsonNode rule : rules) {
            Matcher m = RULE.matcher(rule.path("if").asText());
            if (!m.matches()) {
                throw new IllegalArgumentException("Rule " + rule + " of " + jobName + " is not emulated");
            }
            if (Pattern.compile(m.group(2))
                    .matcher(variables.getOrDefault(m.group(1), ""))
                    .find()) {
                return true;
            }
        }
        return false;
    }

    /** Runs a job's scripts; returns the exit status. */
    int run(String jobName) throws IOException, InterruptedException {
        JsonNode job = job(jobName);
        Map<String, String> env = new LinkedHashMap<>(variables);
        for (JsonNode need : job.path("needs")) {
            env.putAll(dotenvs.getOrDefault(need.asText(), Map.of()));
        }
        job.path("variables")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), expand(e.getValue().asText(), env)));
        List<String> lines = new ArrayList<>();
        job.path("before_script").forEach(line -> lines.add(line.asText()));
        job.path("script").forEach(line -> lines.add(line.asText()));
        int exit = project.bash(jobName, String.join("\n", lines), env);
        JsonNode dotenv = job.path("artifacts").path("reports").path("dotenv");
        if (!dotenv.isMissingNode()) {
            dotenvs.put(jobName, CiProject.keyValues(project.directory().resolve(dotenv.asText())));
        }
        return exit;
    }

    JsonNode job(String jobName) {
        JsonNode job = ci.path(jobName);
        if (job.isMissingNode()) {
            throw new IllegalArgumentException("No job " + jobName);
        }
        return job;
    }

    private static String expand(String value, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
