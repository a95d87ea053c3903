package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.workflow.LeftoversWorkflow;
import io.github.oneclick.vendor.workflow.LeftoversWorkflow.LeftoversRequest;
import io.github.oneclick.vendor.workflow.LeftoversWorkflow.LeftoversResult;
import io.github.oneclick.vendor.workflow.RunId;
import io.github.oneclick.vendor.workflow.RunResources.Fate;
import io.github.oneclick.vendor.workflow.RunResources.Removal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Finds and deletes what earlier, killed runs of {@code marketplace:build} and {@code marketplace:test-image} left
 * behind: droplets tagged {@code oneclick-marketplace} with a run tag, and account SSH keys named
 * {@code oneclick-marketplace-<run id>}. Nothing else of the team is touched, and runs younger than leftoversMinAge
 * are left alone, since a build in another job may still be using them. Run it with {@code -Dmarketplace.dryRun}
 * first to see the list. Not bound to a phase: {@code mvn marketplace:leftovers}.
 */
@Mojo(name = "leftovers", requiresProject = false, threadSafe = true)
public class LeftoversMojo extends AbstractMarketplaceMojo {

    /**
     * Only runs that started at least this long ago, such as {@code -Dmarketplace.leftoversMinAge=1h}; {@code 0}
     * takes every run, including one that may be building right now.
     */
    @Parameter(property = "marketplace.leftoversMinAge", defaultValue = "3h")
    String leftoversMinAge;

    /** Only this run's leftovers, such as {@code -Dmarketplace.runId=20261202t161100z-7f3a9c} (a run prints its id). */
    @Parameter(property = "marketplace.runId")
    String runId;

    @Override
    protected String goal() {
        return "leftovers";
    }

    @Override
    protected void doExecute() throws MojoExecutionException, MojoFailureException {
        LeftoversRequest request = build(() -> new LeftoversRequest(
                minAge(),
                runId == null || runId.isBlank() ? Optional.empty() : Optional.of(new RunId(runId.strip())),
                dryRun));
        LeftoversResult result;
        try (DigitalOceanClient client = createClient()) {
            result = new LeftoversWorkflow(client).run(request, new LogProgress(getLog()));
        } catch (DigitalOceanException e) {
            throw failure(e);
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("leftovers", Integer.toString(result.removals().size()));
        outputs.put("leftovers_too_recent", Integer.toString(result.tooRecent().size()));
        publish(outputs, null);
        getLog().info((dryRun
                        ? "Dry run: " + result.removals().size() + " leftovers would be deleted"
                        : result.removals().size() + " leftovers handled")
                + ", " + result.tooRecent().size() + " too recent to touch.");
        if (result.incomplete()) {
            throw new MojoFailureException("Some leftovers could not be deleted:\n"
                    + String.join(
                            "\n",
                            result.removals().stream()
                                    .filter(r -> r.fate() == Fate.NOT_DELETED)
                                    .map(Removal::message)
                                    .toList()));
        }
    }

    private Duration minAge() throws MojoFailureException {
        String text = leftoversMinAge == null ? "" : leftoversMinAge.strip();
        return text.equals("0") || text.equals("0s")
                ? Duration.ZERO
                : Durations.parse(text, "marketplace.leftoversMinAge");
    }
}
