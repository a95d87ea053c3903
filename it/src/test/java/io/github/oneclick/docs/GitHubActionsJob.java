package io.github.oneclick.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the {@code run} steps of one GitHub Actions job the way the runner does on a tag push: each step in
 * {@code bash -eo pipefail} with the runner's variables ({@code GITHUB_REF_TYPE=tag}, {@code GITHUB_REF_NAME},
 * {@code RUNNER_TEMP}, a fresh {@code GITHUB_OUTPUT} and {@code GITHUB_STEP_SUMMARY} per step), the step's
 * {@code env}, and the expressions {@code secrets.*}, {@code vars.*}, {@code steps.<id>.outputs.*} and
 * {@code github.ref_name} substituted. After a failed step only {@code if: always()} steps run. {@code uses} steps
 * (checkout, setup-java, artifact upload) are the runner's own and are recorded as skipped. Any other expression or
 * condition fails the run, so a sample cannot rely on something this runner does not do.
 */
final class GitHubActionsJob {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*([^}]+?)\\s*}}");

    /**
     * What the job did.
     *
     * @param failed whether a step failed
     * @param outputs each step's outputs, by step id
     * @param summary the job summary: what the steps appended to {@code GITHUB_STEP_SUMMARY}
     * @param skipped the {@code uses} steps not run here
     */
    record Result(boolean failed, Map<String, Map<String, String>> outputs, String summary, List<String> skipped) {}

    private GitHubActionsJob() {}

    static Result run(
            JsonNode job,
            CiProject project,
            String tag,
            Map<String, String> secrets,
            Map<String, String> vars,
            Path runnerTemp)
            throws IOException, InterruptedException {
        Files.createDirectories(runnerTemp);
        Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder();
        List<String> skipped = new ArrayList<>();
        boolean failed = false;
        int index = 0;
        for (JsonNode step : job.path("steps")) {
            index++;
            String name = step.path("name").asText(step.path("uses").asText("step " + index));
            String condition = step.path("if").asText("");
            if (!condition.isEmpty() && !condition.equals("always()")) {
                throw new IllegalArgumentException("Step '" + name + "': condition " + condition + " is not emulated");
            }
            if (failed && condition.isEmpty()) {
                continue;
            }
            if (step.has("uses")) {
                skipped.add(step.path("uses").asText());
                continue;
            }
            Map<String, String> context = context(tag, secrets, vars, outputs);
            Path output = runnerTemp.resolve("output-" + index);
            Path stepSummary = runnerTemp.resolve("summary-" + index);
            Files.deleteIfExists(output);
            Files.deleteIfExists(stepSummary);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("CI", "true");
            env.put("GITHUB_ACTIONS", "true");
            env.put("GITHUB_REF", "refs/tags/" + tag);
            env.put("GITHUB_REF_NAME", tag);
            env.put("GITHUB_REF_TYPE", "tag");
            env.put("GITHUB_WORKSPACE", project.directory().toString());
            env.put("RUNNER_TEMP", runnerTemp.toString());
            env.put("GITHUB_OUTPUT", output.toString());
            env.put("GITHUB_STEP_SUMMARY", stepSummary.toString());
            job.path("env")
                    .fields()
                    .forEachRemaining(
                            e -> env.put(e.getKey(), substitute(e.getValue().asText(), context)));
            step.path("env")
                    .fields()
                    .forEachRemaining(
                            e -> env.put(e.getKey(), substitute(e.getValue().asText(), context)));
            int exit = project.bash(name, substitute(step.path("run").asText(), context), env);
            failed |= exit != 0;
            if (step.has("id")) {
                outputs.put(step.path("id").asText(), CiProject.keyValues(output));
            }
            if (Files.isRegularFile(stepSummary)) {
                summary.append(Files.readString(stepSummary, StandardCharsets.UTF_8));
            }
        }
        return new Result(failed, outputs, summary.toString(), skipped);
    }

    private static Map<String, String> context(
            String tag,
            Map<String, String> secrets,
            Map<String, String> vars,
            Map<String, Map<String, String>> outputs) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("github.ref_name", tag);
        secrets.forEach((k, v) -> context.put("secrets." + k, v));
        vars.forEach((k, v) -> context.put("vars." + k, v));
        outputs.forEach((id, values) -> values.forEach((k, v) -> context.put("steps." + id + ".outputs." + k, v)));
        return context;
    }

    /** Substitutes {@code ${{ ... }}}; GitHub makes an unknown secret, variable or output empty. */
    static String substitute(String text, Map<String, String> context) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String expression = m.group(1);
            if (!expression.matches("(secrets|vars)\\.\\w+|steps\\.[\\w-]+\\.outputs\\.[\\w-]+|github\\.ref_name")) {
                throw new IllegalArgumentException("Expression ${{ " + expression + " }} is not emulated");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(context.getOrDefault(expression, "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
