package com.wfp.platform.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/** Writes a generated OpenAPI document as JSON, YAML or a Markdown page for people. */
public final class ApiDocumentFormats {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private ApiDocumentFormats() {
    }

    public static String json(JsonNode document) {
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String yaml(JsonNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Markdown page: each operation with its request, answers and code samples. */
    public static String markdown(JsonNode document) {
        StringBuilder md = new StringBuilder();
        JsonNode info = document.path("info");
        md.append("# ").append(info.path("title").asText()).append("\n\n");
        md.append(info.path("description").asText()).append("\n\n");
        String base = document.path("servers").path(0).path("url").asText();
        if (!document.path("security").isMissingNode()) {
            md.append("Authentication: send your key as `X-Api-Key: wfp_live_...` (or `Authorization: Bearer wfp_live_...`).\n\n");
        }
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").properties().iterator(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().properties().iterator(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                JsonNode operation = op.getValue();
                md.append("## `").append(op.getKey().toUpperCase(java.util.Locale.ROOT)).append(' ')
                        .append(base).append(path.getKey()).append("`\n\n");
                md.append(operation.path("summary").asText()).append(". ")
                        .append(operation.path("description").asText()).append("\n\n");
                JsonNode media = operation.path("requestBody").path("content").path("application/json");
                if (!media.isMissingNode()) {
                    md.append("Request body (`application/json`) schema:\n\n```json\n")
                            .append(json(media.path("schema"))).append("```\n\n");
                    if (media.has("example")) {
                        md.append("Example:\n\n```json\n").append(json(media.get("example"))).append("```\n\n");
                    }
                }
                md.append("| status | meaning |\n|---|---|\n");
                for (Iterator<Map.Entry<String, JsonNode>> answers = operation.path("responses").properties().iterator(); answers.hasNext(); ) {
                    Map.Entry<String, JsonNode> answer = answers.next();
                    md.append("| ").append(answer.getKey()).append(" | ")
                            .append(answer.getValue().path("description").asText().replace("|", "\\|")).append(" |\n");
                }
                md.append('\n');
                for (JsonNode sample : operation.path("x-codeSamples")) {
                    md.append("### ").append(sample.path("label").asText()).append("\n\n```")
                            .append(fence(sample.path("lang").asText())).append('\n')
                            .append(sample.path("source").asText()).append("```\n\n");
                }
            }
        }
        return md.toString();
    }

    private static String fence(String lang) {
        return switch (lang) {
            case "Shell" -> "bash";
            case "JavaScript" -> "javascript";
            case "Python" -> "python";
            case "Java" -> "java";
            default -> "";
        };
    }
}
