package com.wfp.handlers.access;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.secrets.SecretSummary;

import java.util.List;

/** The JSON of the secret routes: names and times, never a value. */
final class SecretJson {

    private SecretJson() {
    }

    static ObjectNode secret(String user, String project, SecretSummary secret) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("project", user + "/" + project);
        node.put("name", secret.name());
        node.put("updatedAt", secret.updatedAt().toString());
        return node;
    }

    static ObjectNode list(String user, String project, List<SecretSummary> secrets) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("project", user + "/" + project);
        ArrayNode list = node.putArray("secrets");
        secrets.forEach(s -> list.add(secret(user, project, s)));
        return node;
    }
}
