package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random workflow documents for property tests: random node counts, ids (valid, invalid,
 * repeated), types (known and garbage), configs (plausible fields with good and bad values, and
 * arbitrary JSON), edges (to existing and missing nodes, any branch) and credentials. Every
 * document is one the parser accepts, so the validator must handle all of it.
 */
final class RandomWorkflows {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final String[] TYPES = {"trigger.http", "transform", "condition", "switch", "http.request",
            "delay", "merge", "respond", "fail", "trigger.http", "http.request", "respond", "webhook", "", "Respond"};
    private static final String[] IDS = {"in", "a", "b", "c", "d", "e", "f", "g", "fetch", "reply", "Bad_Id", "",
            "x-1", "-no", "a"};
    private static final String[] BRANCHES = {null, null, null, "true", "false", "default", "error", "gold", "",
            "TRUE", "silver"};
    private static final String[] STRINGS = {"input", "input.total > 100", "(", "$eval(input.x)", "nodes.a.body",
            "{{ input.id }}", "{{ $secret('crm') }}", "{{ $secret(input.k) }}", "{{ unclosed", "{{ }}", "", " ",
            "https://api.example.com/{{ input.id }}", "http://10.0.0.1/", "https://0x7f000001/",
            "https://{{ input.host }}/", "ftp://x/", "https:///nohost", "https://[::1", "Bearer 4f9a8c7e1b2d3f60a5c4e3d2b1a09f8e",
            "AKIAIOSFODNN7EXAMPLE", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmN",
            "-----BEGIN PRIVATE KEY-----", "POST", "GET", "post", "apiKey", "none", "token", "\u0000\uE000", "ünïcödé",
            "q8Zr2LmX9vT4wP7kN3yB6cH1", "https://user:pw@api.example.com/", "gold", "silver", "default"};
    private static final String[] FIELDS = {"method", "auth", "inputSchema", "example", "expression", "cases", "url",
            "headers", "body", "timeoutMs", "retry", "allowInsecureHttp", "ms", "status", "message", "password",
            "unknownField", "maxAttempts", "backoffMs", "type", "properties", "required", "$ref", "Authorization"};

    private RandomWorkflows() {
    }

    static ObjectNode document(Random r) {
        ObjectNode doc = F.objectNode();
        doc.put("format", 1);
        doc.put("id", pick(r, IDS) + (r.nextInt(4) == 0 ? "-flow" : ""));
        if (r.nextBoolean()) {
            doc.put("name", pick(r, STRINGS));
        }
        int nodeCount = r.nextInt(25);
        List<String> ids = new ArrayList<>();
        ArrayNode nodes = doc.putArray("nodes");
        for (int i = 0; i < nodeCount; i++) {
            String id = r.nextInt(3) == 0 ? pick(r, IDS) : "n" + i;
            ids.add(id);
            ObjectNode n = nodes.addObject();
            n.put("id", id);
            n.put("type", pick(r, TYPES));
            if (r.nextInt(8) != 0) {
                n.set("config", config(r, 3));
            } else if (r.nextBoolean()) {
                n.putNull("config");
            }
        }
        ArrayNode edges = doc.putArray("edges");
        int edgeCount = nodeCount == 0 ? r.nextInt(3) : r.nextInt(nodeCount * 2 + 1);
        for (int i = 0; i < edgeCount; i++) {
            ObjectNode e = edges.addObject();
            e.put("from", endpoint(r, ids));
            e.put("to", endpoint(r, ids));
            String branch = pick(r, BRANCHES);
            if (branch != null) {
                e.put("branch", branch);
            }
        }
        if (r.nextBoolean()) {
            ArrayNode creds = doc.putArray("credentials");
            for (int i = 0; i < r.nextInt(4); i++) {
                creds.addObject().put("name", r.nextBoolean() ? "crm" : pick(r, IDS)).put("type", "bearer");
            }
        }
        if (r.nextBoolean()) {
            ObjectNode settings = doc.putObject("settings");
            settings.set("timeoutMs", scalar(r));
        }
        return doc;
    }

    private static String endpoint(Random r, List<String> ids) {
        return ids.isEmpty() || r.nextInt(10) == 0 ? pick(r, IDS) + "-missing" : ids.get(r.nextInt(ids.size()));
    }

    private static ObjectNode config(Random r, int depth) {
        ObjectNode c = F.objectNode();
        int fields = r.nextInt(6);
        for (int i = 0; i < fields; i++) {
            c.set(pick(r, FIELDS), value(r, depth));
        }
        return c;
    }

    private static JsonNode value(Random r, int depth) {
        int kind = depth <= 0 ? r.nextInt(2) : r.nextInt(4);
        return switch (kind) {
            case 0 -> F.textNode(pick(r, STRINGS));
            case 1 -> scalar(r);
            case 2 -> {
                ArrayNode a = F.arrayNode();
                for (int i = 0; i < r.nextInt(4); i++) {
                    a.add(value(r, depth - 1));
                }
                yield a;
            }
            default -> config(r, depth - 1);
        };
    }

    private static JsonNode scalar(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> F.numberNode(r.nextInt(700) - 50);
            case 1 -> F.numberNode(r.nextLong());
            case 2 -> F.numberNode(r.nextDouble() * 1000);
            case 3 -> F.booleanNode(r.nextBoolean());
            case 4 -> F.nullNode();
            case 5 -> F.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            default -> F.textNode(pick(r, STRINGS));
        };
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    /** A deep copy with the keys of every object in a random order (arrays keep their order). */
    static JsonNode shuffleKeys(JsonNode node, Random r) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
            Collections.shuffle(entries, r);
            ObjectNode out = F.objectNode();
            for (Map.Entry<String, JsonNode> e : entries) {
                out.set(e.getKey(), shuffleKeys(e.getValue(), r));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = F.arrayNode();
            for (JsonNode n : node) {
                out.add(shuffleKeys(n, r));
            }
            return out;
        }
        return node.deepCopy();
    }
}
