package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code wfp drafts save FILE} and {@code wfp drafts show WORKFLOW}: the working copy of a
 * workflow, kept by the platform apart from its releases and never served.
 */
@Command(name = "drafts", mixinStandardHelpOptions = true,
        description = "Save a workflow's draft, or show the one saved.",
        subcommands = {DraftsCommand.Save.class, DraftsCommand.Show.class})
final class DraftsCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "save", mixinStandardHelpOptions = true,
            description = "Save a workflow document as its workflow's draft (replacing the previous draft).")
    static final class Save extends ClientCommand {

        @Parameters(paramLabel = "FILE", description = "The workflow JSON document.")
        Path file;

        @Option(names = "--workflow", description = "USER/PROJECT/WORKFLOW (default: local/default/<the document's id>).")
        String workflow;

        @Override
        int run(PlatformClient platform) {
            JsonNode document = read(file);
            String target = workflowPath(workflow != null ? workflow : document.path("id").asText(""));
            JsonNode saved = platform.put("/workflows/" + target + "/draft", document);
            return print(saved, () -> {
                out.println("Saved the draft of " + saved.path("workflow").asText() + " (sha256 "
                        + saved.path("sha256").asText() + ") at " + saved.path("savedAt").asText());
                out.println(saved.path("differsFromLive").asBoolean()
                        ? "It differs from the live release: publish it with wfp publish " + file + " --version V."
                        : "It is the document the live release runs.");
            });
        }

        private static JsonNode read(Path file) {
            try {
                JsonNode document = ReportJson.mapper().readTree(Files.readAllBytes(file));
                if (document == null || !document.isObject()) {
                    throw new PlatformClient.ApiError(400, "file.not-a-workflow", file + " is not a JSON object",
                            "Pass a workflow document as the designer exports it.");
                }
                return document;
            } catch (NoSuchFileException e) {
                throw new PlatformClient.ApiError(400, "file.unreadable", "Cannot read " + file + ": no such file",
                        "Check the path and that the file holds a JSON workflow document.");
            } catch (IOException e) {
                throw new PlatformClient.ApiError(400, "file.unreadable", "Cannot read " + file + ": " + e.getMessage(),
                        "Check the path; `wfp validate " + file + "` names the line and column of a syntax error.");
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a workflow's saved draft: who saved it, when, whether it differs from live, and the document.")
    static final class Show extends ClientCommand {

        @Mixin
        WorkflowArgument workflow = new WorkflowArgument();

        @Override
        int run(PlatformClient platform) {
            JsonNode draft = platform.get(workflow.apiPath() + "/draft");
            return print(draft, () -> {
                out.println("Draft of " + draft.path("workflow").asText() + ", saved by "
                        + Printable.escape(draft.path("savedBy").asText()) + " at " + draft.path("savedAt").asText());
                out.println("sha256 " + draft.path("sha256").asText() + (draft.path("differsFromLive").asBoolean()
                        ? ", differs from the live release" : ", the same as the live release"));
                out.println();
                for (String line : pretty(draft.path("definition")).split("\n")) {
                    out.println(Printable.escape(line));
                }
            });
        }

        private static String pretty(JsonNode document) {
            try {
                return ReportJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
