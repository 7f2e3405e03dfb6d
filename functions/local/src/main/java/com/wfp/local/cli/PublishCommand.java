package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.publishing.PublishHandler;
import com.wfp.handlers.http.ReportJson;
import com.wfp.handlers.publishing.WorkflowCheck;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.validation.ValidationOptions;
import com.wfp.workflow.validation.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code wfp publish FILE --version V}: publishes a release and follows its deployment step by
 * step as the server-sent events arrive: at a terminal a progress bar (step, percent done, the
 * platform's estimate), elsewhere plain lines, with {@code --json} each status as a JSON line.
 * Exit 0 with the production URLs, 1 when a step failed (with its error and hint) or the document
 * is identical to a live release and that was not allowed, 2 when the file cannot be read, 3 when
 * the platform is not running.
 */
@Command(name = "publish", mixinStandardHelpOptions = false,
        description = "Publish a workflow document as a release and follow the deployment to production.")
final class PublishCommand extends ClientCommand {

    // Not the standard help mixin: its -V/--version would take this command's own --version.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "FILE", description = "The workflow JSON document.")
    Path file;

    @Option(names = "--version", required = true, description = "The release's version name, such as v1.0.0.")
    String version;

    @Option(names = "--notes", description = "Release notes.")
    String notes;

    @Option(names = "--strategy", defaultValue = "all", description = "all, staged or canary:N (default: all).")
    String strategy;

    @Option(names = "--workflow", description = "USER/PROJECT/WORKFLOW (default: local/default/<the document's id>).")
    String workflow;

    @Option(names = "--allow-unchanged", description = "Publish even when the document is identical to a live release"
            + " (at a terminal you are asked instead; elsewhere it is refused without this).")
    boolean allowUnchanged;

    /** Asks a question at the terminal; answers null when there is none. */
    Confirmation.Terminal terminal = Confirmation::askConsole;

    /** Whether progress is drawn as a bar on one terminal line; null: find out from the console. */
    Boolean progressBar;

    private final Set<String> printed = new HashSet<>();
    private String lastJsonLine;
    private boolean barShown;

    @Override
    int run(PlatformClient platform) {
        byte[] document = readBytes();
        // The same check as wfp validate, printed the same way, so a refusal lists every finding
        // (and a document that does not parse names its line and column) before anything is sent.
        ValidationReport report;
        try {
            report = new WorkflowCheck().check(document, new ValidationOptions(false));
        } catch (DomainException e) {
            if (json) {
                out.println(ReportJson.write(ReportJson.error(e)));
            } else {
                err.println("wfp: " + file + ": " + e.getMessage());
                err.println("     hint: " + e.hint());
            }
            return BAD_INPUT;
        }
        if (!report.valid()) {
            if (json) {
                out.println(ReportJson.write(ReportJson.report(report)));
            } else {
                ReadableReport.print(file.toString(), report, out);
            }
            return FAILED;
        }
        JsonNode definition = readDocument(document);
        String target = workflowPath(workflow != null ? workflow : definition.path("id").asText(""));
        ObjectNode body = ReportJson.mapper().createObjectNode();
        body.set("definition", definition);
        body.put("version", version);
        if (notes != null) {
            body.put("notes", notes);
        }
        body.put("strategy", strategy);
        JsonNode accepted = submit(platform, target, body);
        if (accepted == null) {
            return FAILED;
        }
        if (!json) {
            out.println("Publishing " + target + " " + version + " (deployment " + accepted.path("deploymentId").asText()
                    + ")");
            warnAboutBreaks(accepted.path("contract"));
        }
        if (progressBar == null) {
            progressBar = !json && SecretsCommand.atTerminal(System.console());
        }
        JsonNode[] last = {null};
        platform.events(accepted.path("eventsUrl").asText(), status -> {
            last[0] = status;
            show(status);
            return "running".equals(status.path("state").asText());
        });
        JsonNode status = last[0];
        while (status == null || "running".equals(status.path("state").asText())) {
            sleep();
            status = platform.get("/deployments/" + accepted.path("deploymentId").asText());
            show(status);
        }
        clearBar();
        return finish(status);
    }

    /**
     * Sends the publish, refusing a document identical to a live release unless
     * {@code --allow-unchanged}: at a terminal the refusal becomes a question; elsewhere it stands,
     * naming the flag. Null when the user answered no.
     */
    private JsonNode submit(PlatformClient platform, String target, ObjectNode body) {
        body.put("allowUnchanged", allowUnchanged);
        try {
            return platform.post("/workflows/" + target + "/releases", body,
                    Map.of(PublishHandler.IDEMPOTENCY_KEY_HEADER, UUID.randomUUID().toString()));
        } catch (PlatformClient.ApiError e) {
            if (!"publish.unchanged".equals(e.code)) {
                throw e;
            }
            String answer = json ? null : terminal.ask(e.getMessage() + ".\nPublish it anyway as " + version + "? [y/N] ");
            if (answer == null) {
                throw new PlatformClient.ApiError(e.status, e.code, e.getMessage(),
                        "Nothing was published. Change the workflow, or pass --allow-unchanged to publish it anyway.");
            }
            String typed = answer.strip().toLowerCase(java.util.Locale.ROOT);
            if (!typed.equals("y") && !typed.equals("yes")) {
                err.println("wfp: nothing was published.");
                return null;
            }
            body.put("allowUnchanged", true);
            return platform.post("/workflows/" + target + "/releases", body,
                    Map.of(PublishHandler.IDEMPOTENCY_KEY_HEADER, UUID.randomUUID().toString()));
        }
    }

    /**
     * One status as it arrives: with {@code --json} a JSON line (each distinct status once); at a
     * terminal the finished steps as lines above a progress bar redrawn in place; otherwise plain lines.
     */
    private void show(JsonNode status) {
        if (json) {
            String line = ReportJson.write(status);
            if (!line.equals(lastJsonLine)) {
                out.println(line);
                lastJsonLine = line;
            }
            return;
        }
        clearBar();
        printSteps(status);
        if (progressBar && "running".equals(status.path("state").asText())) {
            out.print(bar(status));
            out.flush();
            barShown = true;
        }
    }

    /** {@code [#######.............]  35%  ensure_pod  about 1.2 s left (cold pod)} */
    static String bar(JsonNode status) {
        int percent = Math.max(0, Math.min(100, status.path("percentDone").asInt()));
        int width = 24;
        int filled = percent * width / 100;
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + String.format(java.util.Locale.ROOT, "%3d%%",
                percent) + "  " + status.path("currentStep").asText() + "  " + estimate(status);
    }

    /** The estimate as people read it: "about 1.2 s left (cold pod)". */
    static String estimate(JsonNode status) {
        long eta = status.path("etaMs").asLong();
        String left = eta < 1_000 ? "about " + eta + " ms left" : String.format(java.util.Locale.ROOT, "about %.1f s left",
                eta / 1000.0);
        String pod = status.path("podStart").asText("");
        return left + (pod.isEmpty() ? "" : " (" + pod + " pod)");
    }

    private void clearBar() {
        if (barShown) {
            out.print("\r\033[2K");
            out.flush();
            barShown = false;
        }
    }

    /** Lists what the new release breaks for callers of the live one; the publish goes ahead. */
    private void warnAboutBreaks(JsonNode contract) {
        if (contract.path("breaks").isEmpty()) {
            return;
        }
        err.println("wfp: warning: " + version + " breaks the contract of the live release "
                + contract.path("liveVersion").asText() + " for its callers:");
        for (JsonNode each : contract.path("breaks")) {
            err.println("       " + each.path("kind").asText() + " " + each.path("path").asText() + ": "
                    + each.path("detail").asText());
        }
        err.println("     hint: publish it as " + contract.path("suggestedVersion").asText()
                + " (the next major)" + (strategy.startsWith("canary") ? "" : " with --strategy canary:10")
                + ", so callers can pin the old version while they move.");
    }

    private int finish(JsonNode status) {
        if (json) {
            return "succeeded".equals(status.path("state").asText()) ? OK : FAILED;
        }
        if ("succeeded".equals(status.path("state").asText())) {
            out.println("Published " + status.path("version").asText() + ".");
            out.println("Production URL: " + status.path("productionUrl").asText());
            out.println("Pinned URL: " + status.path("pinnedUrl").asText());
            return OK;
        }
        JsonNode failure = status.path("failure");
        err.println("wfp: publish failed at step " + failure.path("step").asText() + ": "
                + failure.path("message").asText() + " (" + failure.path("code").asText() + ")");
        err.println("     hint: " + failure.path("hint").asText());
        return FAILED;
    }

    private void printSteps(JsonNode status) {
        for (JsonNode step : status.path("steps")) {
            String name = step.path("step").asText();
            String outcome = step.path("outcome").asText();
            if (!printed.add(name + "/" + outcome)) {
                continue;
            }
            switch (outcome) {
                case "running" -> out.println("  " + name + " ..." + (progressBar ? ""
                        : "  (" + status.path("percentDone").asInt() + "%, " + estimate(status) + ")"));
                case "succeeded" -> out.println("  " + name + " ok (" + step.path("durationMs").asLong() + " ms)");
                default -> out.println("  " + name + " FAILED");
            }
        }
    }

    private byte[] readBytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PlatformClient.ApiError(400, "file.unreadable", "Cannot read " + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()),
                    "Check the path and that the file holds a JSON workflow document.");
        }
    }

    private JsonNode readDocument(byte[] bytes) {
        try {
            JsonNode document = ReportJson.mapper().readTree(bytes);
            if (document == null || !document.isObject()) {
                throw new PlatformClient.ApiError(400, "file.not-a-workflow", file + " is not a JSON object",
                        "Pass a workflow document as the designer exports it.");
            }
            return document;
        } catch (IOException e) {
            throw new PlatformClient.ApiError(400, "file.unreadable", "Cannot read " + file + ": " + e.getMessage(),
                    "Check the path and that the file holds a JSON workflow document.");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
