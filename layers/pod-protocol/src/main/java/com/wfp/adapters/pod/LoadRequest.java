package com.wfp.adapters.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.release.Release;
import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code PUT /releases/{id}}: {@code {"workflowId","version","definition","secrets"?}}.
 *
 * @param workflowId the workflow the release belongs to
 * @param version    the release's version name
 * @param definition the workflow document
 * @param secrets    the values of the credentials the release declares, from its project's secrets
 *                   (only those set); the pod keeps them with the release and nowhere else. Never
 *                   in {@link #toString()}.
 */
public record LoadRequest(String workflowId, String version, JsonNode definition, Map<String, String> secrets) {

    public LoadRequest {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    /** A load request that hands over no secrets. */
    public LoadRequest(String workflowId, String version, JsonNode definition) {
        this(workflowId, version, definition, Map.of());
    }

    /** The same request with these secrets. */
    public LoadRequest withSecrets(Map<String, String> values) {
        return new LoadRequest(workflowId, version, definition, values);
    }

    @Override
    public String toString() {
        return "LoadRequest[" + workflowId + " " + version + ", " + secrets.size() + " secrets]";
    }

    private static final String SHAPE = "Send {\"workflowId\": \"...\", \"version\": \"v1.0.0\", \"definition\": {...}}.";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The load request of a stored release.
     *
     * @throws DomainException 500 {@code store.corrupt} when the stored definition is not JSON
     */
    public static LoadRequest of(Release release) {
        try {
            return new LoadRequest(release.ref().workflow(), release.versionName(), JSON.readTree(release.definition()));
        } catch (IOException e) {
            throw new DomainException("store.corrupt", 500, "Release " + release.id() + " has a definition that is"
                    + " not JSON", "Restore the release store from a backup.", e);
        }
    }

    /** The JSON the client sends. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        body.put("workflowId", workflowId);
        body.put("version", version);
        body.set("definition", definition);
        if (!secrets.isEmpty()) {
            ObjectNode values = body.putObject("secrets");
            secrets.forEach(values::put);
        }
        return body;
    }

    /**
     * The request the pod received.
     *
     * @throws DomainException 400 naming the field to fix
     */
    public static LoadRequest fromJson(JsonNode envelope) {
        if (!envelope.isObject()) {
            throw DomainException.badRequest("release.invalid-body", "The release must be a JSON object", SHAPE);
        }
        JsonNode definition = envelope.get("definition");
        if (definition == null || !definition.isObject()) {
            requiredText(envelope, "workflowId");
            requiredText(envelope, "version");
            throw DomainException.badRequest("release.missing-field",
                    "The field \"definition\" must be the workflow document",
                    "Put the workflow JSON object under \"definition\".");
        }
        return new LoadRequest(requiredText(envelope, "workflowId"), requiredText(envelope, "version"), definition,
                secrets(envelope.get("secrets")));
    }

    private static Map<String, String> secrets(JsonNode secrets) {
        if (secrets == null || secrets.isNull()) {
            return Map.of();
        }
        if (!secrets.isObject()) {
            throw DomainException.badRequest("release.invalid-body", "The field \"secrets\" must be an object of strings",
                    "Send {\"secrets\": {\"name\": \"value\"}} or leave the field out.");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : secrets.properties()) {
            if (!entry.getValue().isTextual()) {
                throw DomainException.badRequest("release.invalid-body", "The secret \"" + entry.getKey()
                        + "\" must be a string", "Send every secret's value as a JSON string.");
            }
            values.put(entry.getKey(), entry.getValue().textValue());
        }
        return values;
    }

    private static String requiredText(JsonNode envelope, String field) {
        JsonNode value = envelope.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw DomainException.badRequest("release.missing-field",
                    "The field \"" + field + "\" must be a non-empty string", SHAPE);
        }
        return value.textValue();
    }
}
