package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.docs.ApiDocumentFormats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code wfp docs WORKFLOW [--version V] [--format json|yaml|md] [--out FILE]}: the OpenAPI
 * document of a workflow's live releases (or of one release), printed or written to a file.
 */
@Command(name = "docs", mixinStandardHelpOptions = false,
        description = "Print or write the API documentation of a workflow's live releases, or of one release.")
final class DocsCommand extends ClientCommand {

    /** Output formats. */
    enum Format { json, yaml, md }

    // Not the standard help mixin: its -V/--version would take this command's own --version.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    WorkflowArgument workflow = new WorkflowArgument();

    @Option(names = "--version", paramLabel = "V", description = "Document this release only (default: every live release).")
    String version;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (OpenAPI 3.1), yaml (OpenAPI 3.1) or md (a page for people, with code samples). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of printing.")
    Path outFile;

    @Override
    int run(PlatformClient platform) {
        String path = workflow.apiPath() + "/openapi.json"
                + (version == null ? "" : "?version=" + URLEncoder.encode(version, StandardCharsets.UTF_8));
        JsonNode document = platform.get(path);
        String text = switch (format) {
            case json -> ApiDocumentFormats.json(document);
            case yaml -> ApiDocumentFormats.yaml(document);
            case md -> ApiDocumentFormats.markdown(document);
        };
        if (outFile == null) {
            out.print(text);
            out.flush();
            return OK;
        }
        try {
            Files.writeString(outFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("wfp: cannot write " + outFile + ": " + e.getMessage());
            return BAD_INPUT;
        }
        err.println("wfp: wrote " + format + " to " + outFile);
        return OK;
    }
}
