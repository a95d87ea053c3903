package io.github.oneclick.vendor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oneclick.vendor.AppIds;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.Durations;
import io.github.oneclick.vendor.HttpLogLevel;
import io.github.oneclick.vendor.HttpProxy;
import io.github.oneclick.vendor.InvalidSettingException;
import io.github.oneclick.vendor.Outcome;
import io.github.oneclick.vendor.TransportException;
import io.github.oneclick.vendor.UnauthorizedException;
import io.github.oneclick.vendor.model.AppUpdate;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.Software;
import io.github.oneclick.vendor.workflow.ListingState;
import io.github.oneclick.vendor.workflow.ProgressListener;
import io.github.oneclick.vendor.workflow.ReleaseException;
import io.github.oneclick.vendor.workflow.ReleasePlan;
import io.github.oneclick.vendor.workflow.ReleaseRequest;
import io.github.oneclick.vendor.workflow.ReleaseResult;
import io.github.oneclick.vendor.workflow.ReleaseWorkflow;
import io.github.oneclick.vendor.workflow.RunVersion;
import io.github.oneclick.vendor.workflow.SnapshotException;
import io.github.oneclick.vendor.workflow.SnapshotRequest;
import io.github.oneclick.vendor.workflow.SnapshotResult;
import io.github.oneclick.vendor.workflow.SnapshotWorkflow;
import io.github.oneclick.vendor.workflow.WaitTimeoutException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The command line: {@code release}, {@code snapshot} and {@code image}, with the token sources, dry run, messages
 * and outcomes of the goals. Results go to {@code out} as one line (or JSON with {@code --json}); progress, warnings
 * and errors go to {@code err}. The token is read from the environment only and never printed.
 */
final class Cli {
    /** Success, also when the listing served the image already. */
    static final int OK = 0;
    /** DigitalOcean refused or failed a request, or the run stopped; the message says what happened. */
    static final int FAILED = 1;
    /** Bad usage or unusable input, reported before any request. */
    static final int USAGE = 2;
    /** A change was sent and its outcome is unknown: check before running it again. */
    static final int OUTCOME_UNKNOWN = 3;

    static final String PROGRAM = "java -jar vendor-api-client-" + DigitalOceanClient.version() + "-cli.jar";
    static final List<String> TOKEN_VARIABLES =
            List.of("DIGITALOCEAN_API_TOKEN", "DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN");
    static final String TOKEN_OPTION_REFUSED = "--token is not accepted: a token on the command line shows in process"
            + " lists and CI logs. Set the environment variable DIGITALOCEAN_API_TOKEN (or DIGITALOCEAN_TOKEN,"
            + " DIGITALOCEAN_ACCESS_TOKEN) instead, from your CI's secrets.";

    private static final Map<String, String> EXAMPLES = Map.ofEntries(
            Map.entry("app", "60089fc6d333037bffa70d9b"),
            Map.entry("image", "171234567"),
            Map.entry("manifest", "manifest.json"),
            Map.entry("version", "2.0.1"),
            Map.entry("reason", "'Security updates'"),
            Map.entry("os-version", "'Ubuntu 24.04'"),
            Map.entry("software", "Nginx:1.26.2:BSD-2-Clause"),
            Map.entry("api-url", "http://127.0.0.1:8080/"),
            Map.entry("droplet-id", "3164444"),
            Map.entry("droplet-name", "acme-build-01"),
            Map.entry("droplet-tag", "marketplace-build"),
            Map.entry("name", "acme-lemp-2.0.1"),
            Map.entry("shutdown-timeout", "3m"),
            Map.entry("snapshot-timeout", "60m"));
    /** The client's settings and the options that set them. */
    private static final Map<String, String> OPTION_OF_SETTING = Map.ofEntries(
            Map.entry("appId", "--app"),
            Map.entry("imageId", "--image"),
            Map.entry("version", "--version"),
            Map.entry("reasonForUpdate", "--reason"),
            Map.entry("osVersion", "--os-version"),
            Map.entry("softwareIncluded", "--software"),
            Map.entry("allowSnapshotVersion", "--allow-snapshot-version"),
            Map.entry("apiUrl", "--api-url"),
            Map.entry("dropletId", "--droplet-id"),
            Map.entry("dropletName", "--droplet-name"),
            Map.entry("dropletTag", "--droplet-tag"),
            Map.entry("snapshotName", "--name"),
            Map.entry("shutdownTimeout", "--shutdown-timeout"),
            Map.entry("snapshotTimeout", "--snapshot-timeout"));

    static final String USAGE_TEXT = String.join(
            "\n",
            "Usage: " + PROGRAM + " <command> [options]",
            "",
            "Commands:",
            "  release   Point a Marketplace listing at an image (what marketplace:release does).",
            "            --app ID                the Vendor Portal app id (24 hexadecimal characters, end of its URL)",
            "            --image ID              the image to release, a snapshot's numeric id",
            "            --manifest PATH         or: the last DigitalOcean build of Packer's manifest.json",
            "            --version V             the listing's version; default: the CI tag (v2.0.1 gives 2.0.1)",
            "            --reason TEXT           shown to DigitalOcean's reviewers; default: Release <version>",
            "            --os-version TEXT       such as 'Ubuntu 24.04'; unset keeps the listing's",
            "            --software NAME:VERSION[:LICENSE]   a row of the software table; repeat for more rows",
            "            --allow-snapshot-version            allow a -SNAPSHOT version, for rehearsals",
            "  snapshot  Power the build droplet down, snapshot it and find the image (marketplace:snapshot).",
            "            --droplet-id ID | --droplet-name NAME | --droplet-tag TAG   exactly one droplet",
            "            --name NAME             the snapshot's name, such as acme-lemp-2.0.1",
            "            --app ID                check first that the listing can take a new image",
            "            --shutdown-timeout 3m   --snapshot-timeout 60m",
            "  image ID  Show an image: name, type, status, distribution, regions.",
            "  help      This text.   --version  The client's version.",
            "",
            "Every command takes --api-url URL (default " + DigitalOceanClient.DEFAULT_API_URL + ") and --json (the"
                    + " result as JSON);",
            "release and snapshot take --dry-run: every check and read, nothing changed.",
            "",
            "The API token comes from the environment variable DIGITALOCEAN_API_TOKEN, DIGITALOCEAN_TOKEN or",
            "DIGITALOCEAN_ACCESS_TOKEN (first one set wins), never from an option.",
            "",
            "Exit codes: 0 done (also: the listing served the image already); 1 DigitalOcean refused or failed, or",
            "the run stopped: the message says what happened; 2 bad usage or input, nothing sent; 3 a change was sent",
            "and its outcome is unknown: check the Vendor Portal or the droplet before running again.");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnaryOperator<DigitalOceanClient.Builder> clientSettings;

    Cli() {
        this(UnaryOperator.identity());
    }

    /** A command line whose clients get these extra settings (tests: a clock and a sleeper). */
    Cli(UnaryOperator<DigitalOceanClient.Builder> clientSettings) {
        this.clientSettings = Objects.requireNonNull(clientSettings, "clientSettings");
    }

    /**
     * Runs one command.
     *
     * @param args the command line
     * @param env the environment variables
     * @param out where the result goes
     * @param err where progress, warnings and errors go
     * @return the exit code
     */
    int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Console console = new Console(out, err, secrets(env));
        try {
            return dispatch(List.of(args), env, console);
        } catch (UsageException e) {
            console.error(e.getMessage());
            console.info("Run '" + PROGRAM + " help' for the commands and options.");
            return USAGE;
        } catch (InvalidSettingException e) {
            console.error(e.getMessage() + (e.getMessage().endsWith(".") ? "" : ".") + optionHint(e.settings()));
            return USAGE;
        } catch (RuntimeException e) {
            console.error("Unexpected failure: " + e);
            return FAILED;
        }
    }

    private int dispatch(List<String> args, Map<String, String> env, Console console) throws UsageException {
        if (args.stream().anyMatch(a -> a.equals("--token") || a.startsWith("--token="))) {
            throw new UsageException(TOKEN_OPTION_REFUSED);
        }
        if (args.isEmpty()) {
            throw new UsageException("No command given: use release, snapshot or image.");
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            console.out(USAGE_TEXT);
            return OK;
        }
        return switch (command) {
            case "help", "--help", "-h" -> {
                console.out(USAGE_TEXT);
                yield OK;
            }
            case "--version", "version" -> {
                console.out("vendor-api-client " + DigitalOceanClient.version());
                yield OK;
            }
            case "release" -> release(rest, env, console);
            case "snapshot" -> snapshot(rest, env, console);
            case "image" -> image(rest, env, console);
            default -> throw new UsageException("Unknown command '" + command + "': use release, snapshot or image.");
        };
    }

    // ------------------------------------------------------------------------------------------------ release

    private int release(List<String> args, Map<String, String> env, Console console) throws UsageException {
        Arguments a = Arguments.parse(
                "release",
                args,
                Set.of("app", "image", "manifest", "version", "reason", "os-version", "software", "api-url"),
                Set.of("software"),
                Set.of("dry-run", "json", "allow-snapshot-version"));
        noOperands(a);
        String appId = AppIds.check(
                required(
                        a,
                        "app",
                        "the Vendor Portal app id, the 24 hexadecimal characters at"
                                + " the end of the app's Vendor Portal URL"),
                "--app");
        long imageId;
        String source;
        if (a.has("image") && a.has("manifest")) {
            throw new UsageException("Give --image or --manifest, not both.");
        } else if (a.has("image")) {
            imageId = imageId(a.value("image"), "--image");
            source = "--image";
        } else if (a.has("manifest")) {
            PackerManifestReader.Found found = PackerManifestReader.read(Path.of(a.value("manifest")));
            imageId = found.imageId();
            source = found.source();
        } else {
            throw new UsageException("release needs the image: --image ID (the snapshot's numeric id, such as"
                    + " 171234567) or --manifest PATH (Packer's manifest.json).");
        }
        Optional<RunVersion.Chosen> chosen = RunVersion.choose(a.value("version"), env::get, null);
        chosen.filter(c -> !"given".equals(c.source()))
                .ifPresent(c -> console.info("Version " + c.version() + " from " + c.source() + "."));
        String version = chosen.map(RunVersion.Chosen::version).orElse(null);
        String reason = a.has("reason") ? a.value("reason") : version == null ? null : "Release " + version;
        List<Software> software = a.has("software") ? software(a.all("software")) : null;
        AppUpdate update = AppUpdate.builder()
                .imageId(imageId)
                .version(version)
                .reasonForUpdate(reason)
                .osVersion(a.value("os-version"))
                .softwareIncluded(software)
                .build();
        ReleaseRequest request = new ReleaseRequest(
                appId, update, false, ReleaseRequest.RECOMMENDED_DISK_GB, a.flag("allow-snapshot-version"));
        boolean dryRun = a.flag("dry-run");
        console.info("Image " + imageId + " from " + source + ".");
        Connection connection = connect(a, env, console);
        try (DigitalOceanClient client = connection.client()) {
            ReleaseWorkflow workflow = new ReleaseWorkflow(client);
            ReleasePlan plan = workflow.preflight(request);
            plan.warnings().forEach(console::warning);
            String image = "image " + plan.image().id() + " (" + plan.image().name() + ")";
            if (dryRun) {
                if (plan.listing().inReview()) {
                    console.warning("App '" + appId + "' is " + plan.listing().status() + " (read from the Vendor"
                            + " Portal): DigitalOcean refuses updates until its review ends, so a real run would send"
                            + " nothing and fail.");
                }
                console.info("Dry run: " + image + " passed the checks. Would send " + plan.method() + " " + plan.path()
                        + " with:");
                console.info(plan.body());
                console.result(
                        "Dry run: would release " + image + " to app '" + appId + "' with " + plan.method() + " "
                                + plan.path() + ". Nothing was changed.",
                        a.flag("json") ? releaseJson(plan, null) : null);
                return OK;
            }
            ReleaseResult result = workflow.release(plan, console::warning);
            String status = result.listingStatus() == null ? "unknown" : result.listingStatus();
            if (result.confirmedByReading()) {
                console.warning("The update of app '" + appId + "' got no usable answer; reading the listing back"
                        + " showed image " + plan.image().id() + ", so it took effect.");
            }
            String what = result.alreadyServed()
                    ? "App '" + appId + "' serves " + image + " already: nothing was sent"
                    : "Released " + image + " to app '" + appId + "'"
                            + (version == null ? "" : " as version " + version);
            console.result(
                    what + ": listing status " + status + ".", a.flag("json") ? releaseJson(plan, result) : null);
            return OK;
        } catch (ReleaseException | DigitalOceanException e) {
            return failed(e, connection, console);
        }
    }

    private static ObjectNode releaseJson(ReleasePlan plan, ReleaseResult result) {
        ObjectNode json = JSON.createObjectNode();
        json.put("command", "release");
        json.put("appId", plan.request().appId());
        json.put("imageId", plan.image().id());
        json.put("imageName", plan.image().name());
        json.put("version", plan.request().update().version());
        json.put("dryRun", result == null);
        json.put("request", plan.method() + " " + plan.path());
        json.put("sent", result != null && !result.alreadyServed());
        json.put("alreadyServed", result != null && result.alreadyServed());
        json.put("confirmedByReading", result != null && result.confirmedByReading());
        json.put("listingStatus", result == null ? null : result.listingStatus());
        ArrayNode warnings = json.putArray("warnings");
        plan.warnings().forEach(warnings::add);
        try {
            json.set("body", JSON.readTree(plan.body()));
        } catch (JsonProcessingException e) {
            json.put("body", plan.body());
        }
        return json;
    }

    private static List<Software> software(List<String> entries) throws UsageException {
        List<Software> table = new ArrayList<>();
        for (String entry : entries) {
            String[] parts = entry.split(":", 3);
            if (parts[0].isBlank()) {
                throw new UsageException("--software '" + entry + "' has no name. Write NAME:VERSION[:LICENSE],"
                        + " such as --software Nginx:1.26.2:BSD-2-Clause.");
            }
            table.add(new Software(
                    parts[0].strip(),
                    parts.length > 1 ? parts[1].strip() : null,
                    null,
                    null,
                    parts.length > 2 ? parts[2].strip() : null,
                    null));
        }
        return table;
    }

    // ------------------------------------------------------------------------------------------------ snapshot

    private int snapshot(List<String> args, Map<String, String> env, Console console) throws UsageException {
        Arguments a = Arguments.parse(
                "snapshot",
                args,
                Set.of(
                        "droplet-id",
                        "droplet-name",
                        "droplet-tag",
                        "name",
                        "app",
                        "shutdown-timeout",
                        "snapshot-timeout",
                        "api-url"),
                Set.of(),
                Set.of("dry-run", "json"));
        noOperands(a);
        String name = required(a, "name", "the snapshot's name");
        String appId = a.has("app") ? AppIds.check(a.value("app"), "--app") : null;
        SnapshotRequest.Builder builder = SnapshotRequest.builder();
        if (a.has("droplet-id")) {
            builder.dropletId(positive(a.value("droplet-id"), "--droplet-id", "a droplet id"));
        }
        if (a.has("droplet-name")) {
            builder.dropletName(a.value("droplet-name"));
        }
        if (a.has("droplet-tag")) {
            builder.dropletTag(a.value("droplet-tag"));
        }
        if (!a.has("droplet-id") && !a.has("droplet-name") && !a.has("droplet-tag")) {
            throw new UsageException("snapshot needs the build droplet: --droplet-id ID, --droplet-name NAME or"
                    + " --droplet-tag TAG.");
        }
        builder.snapshotName(name).dryRun(a.flag("dry-run"));
        if (a.has("shutdown-timeout")) {
            builder.shutdownTimeout(Durations.parse(a.value("shutdown-timeout"), "--shutdown-timeout"));
        }
        if (a.has("snapshot-timeout")) {
            builder.snapshotTimeout(Durations.parse(a.value("snapshot-timeout"), "--snapshot-timeout"));
        }
        SnapshotRequest request = builder.build();
        Connection connection = connect(a, env, console);
        try (DigitalOceanClient client = connection.client()) {
            if (appId != null) {
                ListingState listing = new ReleaseWorkflow(client).checkListing(appId);
                if (!listing.readable()) {
                    console.info("Could not read the listing of app '" + appId + "' to check that it can take a new"
                            + " image (" + listing.problem() + "); going on.");
                } else if (listing.inReview()) {
                    console.error("App '" + appId + "' is " + listing.status() + " (read from the Vendor Portal):"
                            + " DigitalOcean refuses updates until its review ends, so a snapshot taken now could not"
                            + " be released. No snapshot was taken. Run again once the review is over.");
                    return FAILED;
                } else {
                    console.info("App '" + appId + "' is " + listing.status() + " and serves image " + listing.imageId()
                            + ": it can take a new image.");
                }
            }
            SnapshotResult result = new SnapshotWorkflow(client).run(request, new ConsoleProgress(console));
            ObjectNode json = a.flag("json") ? snapshotJson(result) : null;
            if (result.dryRun()) {
                console.result(
                        "Dry run: nothing was posted. A real run would snapshot droplet " + result.dropletId() + " as '"
                                + result.name() + "'.",
                        json);
            } else {
                console.result(
                        "Image " + result.imageId() + " ('" + result.name() + "') of droplet " + result.dropletId()
                                + ", in " + String.join(", ", result.regions()) + ".",
                        json);
            }
            return OK;
        } catch (SnapshotException | DigitalOceanException e) {
            return failed(e, connection, console);
        }
    }

    private static ObjectNode snapshotJson(SnapshotResult result) {
        ObjectNode json = JSON.createObjectNode();
        json.put("command", "snapshot");
        json.put("dryRun", result.dryRun());
        json.put("dropletId", result.dropletId());
        json.put("name", result.name());
        if (result.imageId() != null) {
            json.put("imageId", result.imageId());
        }
        if (result.actionId() != null) {
            json.put("actionId", result.actionId());
        }
        ArrayNode regions = json.putArray("regions");
        result.regions().forEach(regions::add);
        ArrayNode warnings = json.putArray("warnings");
        result.warnings().forEach(warnings::add);
        return json;
    }

    /** Progress and warnings on the error stream; polls are left out. */
    private record ConsoleProgress(Console console) implements ProgressListener {
        @Override
        public void phase(String message) {
            console.info(message);
        }

        @Override
        public void stateChanged(StateChange change) {
            console.info(change.message());
        }

        @Override
        public void waiting(WaitProgress progress) {
            console.info(progress.message());
        }

        @Override
        public void warning(String message) {
            console.warning(message);
        }

        @Override
        public void planned(String message) {
            console.info("Dry run step: " + message);
        }
    }

    // ------------------------------------------------------------------------------------------------ image

    private int image(List<String> args, Map<String, String> env, Console console) throws UsageException {
        Arguments a = Arguments.parse("image", args, Set.of("api-url"), Set.of(), Set.of("json"));
        if (a.operands().size() != 1) {
            throw new UsageException("image needs one image id, such as: image 171234567.");
        }
        long imageId = imageId(a.operands().get(0), "the image id");
        Connection connection = connect(a, env, console);
        try (DigitalOceanClient client = connection.client()) {
            Image image = client.getImage(imageId);
            ObjectNode json = a.flag("json") ? DigitalOceanClient.objectMapper().valueToTree(image) : null;
            console.result(
                    "Image " + image.id() + " '" + image.name() + "': " + image.type() + ", " + image.status()
                            + ", " + (image.isPublic() ? "public" : "private")
                            + (image.distribution() == null ? "" : ", " + image.distribution())
                            + (image.minDiskSize() == null ? "" : ", min disk " + image.minDiskSize() + " GB")
                            + (image.sizeGigabytes() == null ? "" : ", " + image.sizeGigabytes() + " GB")
                            + ", regions "
                            + (image.regions() == null || image.regions().isEmpty()
                                    ? "none"
                                    : String.join(" ", image.regions()))
                            + ".",
                    json);
            return OK;
        } catch (DigitalOceanException e) {
            return failed(e, connection, console);
        }
    }

    // ------------------------------------------------------------------------------------------------ shared

    /** A client and where its settings came from, for the hints of failures. */
    private record Connection(DigitalOceanClient client, String tokenSource, String apiUrl) {}

    /** Reads the token from the environment and builds the client; nothing is sent yet. */
    private Connection connect(Arguments a, Map<String, String> env, Console console) throws UsageException {
        String variable = TOKEN_VARIABLES.stream()
                .filter(v -> env.get(v) != null && !env.get(v).isBlank())
                .findFirst()
                .orElseThrow(() -> new UsageException("No DigitalOcean API token found. Set one of the"
                        + " environment variables " + String.join(", ", TOKEN_VARIABLES) + " to an API token with"
                        + " write scope (from your CI's secrets)."));
        String apiUrl = a.has("api-url") ? a.value("api-url").strip() : DigitalOceanClient.DEFAULT_API_URL;
        DigitalOceanClient.Builder builder = DigitalOceanClient.builder();
        try {
            builder.apiUrl(apiUrl);
        } catch (IllegalArgumentException e) {
            throw new UsageException("Invalid --api-url: " + e.getMessage() + ".", e);
        }
        try {
            builder.token(env.get(variable));
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    "The API token from environment variable " + variable + " is not usable: " + e.getMessage() + ".",
                    e);
        }
        console.info("Using the DigitalOcean API token from environment variable " + variable + ".");
        Optional<EnvironmentProxy.Found> proxy = EnvironmentProxy.forUrl(env, apiUrl);
        if (proxy.isPresent()) {
            HttpProxy found = proxy.get().proxy();
            builder.proxy(found);
            String host = URI.create(apiUrl).getHost();
            console.info(
                    host != null && found.bypasses(host)
                            ? "Reaching the API directly: its host is in NO_PROXY."
                            : "Reaching the API through the proxy " + found.host() + ":" + found.port()
                                    + (found.username() == null ? "" : " as " + found.username()) + " from "
                                    + proxy.get().variable() + ".");
        }
        if (!DigitalOceanClient.DEFAULT_API_URL.equals(apiUrl)) {
            console.warning("Using the API at " + apiUrl + " (--api-url) instead of DigitalOcean's.");
        }
        String version = DigitalOceanClient.version();
        builder.userAgent("vendor-api-client-cli/" + version + " vendor-api-client/" + version)
                .log(message -> {}, HttpLogLevel.NONE)
                .waits(console::info);
        return new Connection(clientSettings.apply(builder).build(), "environment variable " + variable, apiUrl);
    }

    /** Reports a failure after requests were sent: exit code 3 when a change may have taken effect, else 1. */
    private static int failed(RuntimeException e, Connection connection, Console console) {
        String hint = "";
        if (e instanceof UnauthorizedException) {
            hint = " The token came from " + connection.tokenSource() + ".";
        } else if (e instanceof TransportException transport
                && transport.details().attempts() == 0) {
            hint = " Check --api-url (" + connection.apiUrl() + ") and the network or proxy.";
        } else if (e instanceof WaitTimeoutException timeout) {
            hint = optionHint(List.of(timeout.timeoutSetting()));
        }
        console.error(e.getMessage() + hint);
        if (outcomeUnknown(e)) {
            console.error("The outcome is unknown (exit code " + OUTCOME_UNKNOWN + "): check before running again.");
            return OUTCOME_UNKNOWN;
        }
        return FAILED;
    }

    private static boolean outcomeUnknown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DigitalOceanException failure && failure.outcome() == Outcome.UNKNOWN) {
                return true;
            }
        }
        return false;
    }

    /** The options that set the client's settings a failure names, or nothing. */
    private static String optionHint(List<String> settings) {
        List<String> options = settings.stream()
                .map(OPTION_OF_SETTING::get)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        return options.isEmpty()
                ? ""
                : " " + (options.size() == 1 ? "Option: " : "Options: ") + String.join(", ", options) + ".";
    }

    private static String required(Arguments a, String option, String what) throws UsageException {
        String value = a.value(option);
        if (value == null || value.isBlank()) {
            throw new UsageException(a.command() + " needs --" + option + ", " + what + ", such as --" + option + " "
                    + example(option) + ".");
        }
        return value;
    }

    private static void noOperands(Arguments a) throws UsageException {
        if (!a.operands().isEmpty()) {
            throw new UsageException("Unexpected argument '" + a.operands().get(0) + "' for '" + a.command()
                    + "': every input is an option, such as --"
                    + ("release".equals(a.command()) ? "image 171234567" : "droplet-name acme-build-01") + ".");
        }
    }

    /** An image id, as marketplace:release reads marketplace.imageId. */
    private static long imageId(String text, String source) throws UsageException {
        long id;
        try {
            id = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(
                    "Image id '" + text.strip() + "' from " + source + " is not a number. An image"
                            + " id is the numeric id of a snapshot, such as 171234567 (not its name, not an action id).",
                    e);
        }
        if (id <= 0) {
            throw new UsageException("Image id " + id + " from " + source + " must be a positive number.");
        }
        return id;
    }

    private static long positive(String text, String option, String what) throws UsageException {
        try {
            long value = Long.parseLong(text.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " '" + text.strip() + "' is not " + what + ": use the positive number, such"
                + " as " + option + " " + example(option.substring(2)) + ".");
    }

    static String example(String option) {
        return EXAMPLES.getOrDefault(option, "VALUE");
    }

    private static List<String> secrets(Map<String, String> env) {
        List<String> secrets = new ArrayList<>(TOKEN_VARIABLES.stream()
                .map(env::get)
                .filter(v -> v != null && !v.isBlank())
                .map(String::strip)
                .toList());
        secrets.addAll(EnvironmentProxy.passwords(env));
        return secrets;
    }

    /** Where the command line writes; the token's value never reaches either stream. */
    private static final class Console {
        private final PrintStream out;
        private final PrintStream err;
        private final List<String> secrets;

        Console(PrintStream out, PrintStream err, List<String> secrets) {
            this.out = out;
            this.err = err;
            this.secrets = secrets;
        }

        void out(String text) {
            out.println(redact(text));
            out.flush();
        }

        /** The result: one line, or the JSON when asked for. */
        void result(String line, ObjectNode json) {
            if (json == null) {
                out(line);
                return;
            }
            try {
                out(JSON.writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the result as JSON", e);
            }
        }

        void info(String text) {
            err.println(redact(text));
            err.flush();
        }

        void warning(String text) {
            info("WARNING: " + text);
        }

        void error(String text) {
            info("ERROR: " + text);
        }

        private String redact(String text) {
            String safe = Objects.toString(text);
            for (String secret : secrets) {
                safe = safe.replace(secret, "[REDACTED]");
            }
            return safe;
        }
    }
}
