package com.wfp.platform.release;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * The example input a workflow's trigger declares ({@code config.example} of its trigger node):
 * what the publish dry run sends and what a draft run uses when it is given no input.
 */
public final class TriggerExample {

    private TriggerExample() {
    }

    /** The example of the document's trigger, as JSON text; empty when the trigger has none (or there is no trigger). */
    public static Optional<String> of(JsonNode document) {
        if (document == null) {
            return Optional.empty();
        }
        for (JsonNode node : document.path("nodes")) {
            if (node.path("type").asText("").startsWith("trigger.")) {
                JsonNode example = node.path("config").get("example");
                return example == null || example.isNull() ? Optional.empty() : Optional.of(example.toString());
            }
        }
        return Optional.empty();
    }
}
