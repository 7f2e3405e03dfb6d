package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.model.Credential;
import com.wfp.workflow.model.Node;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.net.http.HttpToken;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code config.*}: each node's configuration. Known type; required fields present and well
 * typed; numbers in range; expressions and templates compile (through {@link ExpressionChecks});
 * the trigger's schema is valid JSON Schema (through {@link JsonSchemaChecks}); ids are slugs
 * and unique.
 */
final class ConfigChecks {

    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final java.util.regex.Pattern ORIGIN =
            java.util.regex.Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");
    static final List<String> AUTH_MODES = List.of("apiKey", "token", "none");
    static final Set<String> SETTINGS_FIELDS = Set.of("timeoutMs");
    static final Set<String> RETRY_FIELDS = Set.of("maxAttempts", "backoffMs");

    static final long MAX_TIMEOUT_MS = 300_000;
    static final long MAX_DELAY_MS = 300_000;
    static final long MAX_ATTEMPTS = 10;
    static final long MAX_BACKOFF_MS = 60_000;

    void run(ValidationContext ctx) {
        Workflow w = ctx.workflow();
        checkSlug(ctx, null, JsonPath.ROOT.key("id"), "workflow id", w.id());
        Set<String> ids = new HashSet<>();
        for (Node node : ctx.nodes()) {
            JsonPath path = ValidationContext.pathOf(node);
            checkSlug(ctx, node.id(), path.key("id"), "node id", node.id());
            if (!ids.add(ValidationContext.idOf(node))) {
                ctx.findings().error("config.duplicate-node-id", node.id(), path.key("id"),
                        "Node id '" + node.id() + "' is used by more than one node",
                        "Give every node its own id; edges refer to nodes by id.");
            }
            checkNode(ctx, node, path);
        }
        checkCredentials(ctx);
        checkSettings(ctx, w.settings());
    }

    private static void checkSlug(ValidationContext ctx, String nodeId, JsonPath path, String what, String value) {
        if (value == null || !SLUG.matcher(value).matches()) {
            ctx.findings().error("config.invalid-id", nodeId, path,
                    "The " + what + " '" + value + "' is not a slug",
                    "Use 1 to 64 characters: lower-case letters, digits and '-', starting with a letter or digit"
                            + " (for example \"order-intake\").");
        }
    }

    private static void checkCredentials(ValidationContext ctx) {
        Set<String> names = new HashSet<>();
        for (Credential c : ctx.workflow().credentials()) {
            JsonPath path = JsonPath.credential(c.index()).key("name");
            checkSlug(ctx, null, path, "credential name", c.name());
            if (c.name() != null && !names.add(c.name())) {
                ctx.findings().error("config.duplicate-credential", null, path,
                        "The credential '" + c.name() + "' is declared more than once",
                        "Declare each credential once in \"credentials\".");
            }
        }
    }

    private static void checkSettings(ValidationContext ctx, ObjectNode settings) {
        if (settings == null) {
            return;
        }
        JsonPath path = JsonPath.ROOT.key("settings");
        Fields f = new Fields(ctx, null, path, settings);
        f.integer("timeoutMs", false, 1, MAX_TIMEOUT_MS, "ms");
        f.unknown(SETTINGS_FIELDS, "settings");
    }

    private static void checkNode(ValidationContext ctx, Node node, JsonPath path) {
        Optional<NodeType> type = ValidationContext.typeOf(node);
        if (type.isEmpty()) {
            ctx.findings().error("config.unknown-node-type", node.id(), path.key("type"),
                    "Node '" + node.id() + "' has the unknown type '" + node.type() + "'",
                    "Use one of: " + String.join(", ", NodeType.WIRE_NAMES) + ".");
            return;
        }
        JsonPath cfg = path.key("config");
        Fields f = new Fields(ctx, node, cfg, ValidationContext.configOf(node));
        switch (type.get()) {
            case TRIGGER_HTTP -> trigger(ctx, node, cfg, f);
            case TRANSFORM, CONDITION -> f.jsonata("expression", true);
            case SWITCH -> {
                f.jsonata("expression", true);
                switchCases(ctx, node, cfg, f);
            }
            case HTTP_REQUEST -> httpRequest(ctx, node, cfg, f);
            case DELAY -> f.integer("ms", true, 0, MAX_DELAY_MS, "ms");
            case MERGE -> {
                // merge has no settings; any field is reported as unknown below
            }
            case RESPOND -> {
                // 1xx is an interim answer in HTTP: a caller given one waits for a final answer that never comes.
                f.integer("status", false, 200, 599, "");
                f.headers();
                f.jsonata("body", false);
                JsonNode responseSchema = f.present("schema");
                if (responseSchema != null) {
                    JsonSchemaChecks.checkResponse(ctx, node, cfg, responseSchema);
                }
            }
            case FAIL -> {
                // A failure answers with an error status: the engine accepts 400 to 599 only.
                f.integer("status", false, 400, 599, "");
                f.template("message", true);
            }
        }
        f.unknown(type.get().fields(), type.get().wireName() + " config");
    }

    /** CORS origins are compared exactly, so each must be a bare origin: scheme, host and optional port. */
    private static void allowedOrigins(ValidationContext ctx, Node node, JsonPath at, JsonNode origins) {
        if (!origins.isArray()) {
            ctx.findings().error("config.invalid-origins", node.id(), at, "allowedOrigins must be a list of origins",
                    "Give browser origins such as [\"https://app.example.com\"], or leave it out for none.");
            return;
        }
        for (int i = 0; i < origins.size(); i++) {
            JsonNode origin = origins.get(i);
            if (!origin.isTextual() || !ORIGIN.matcher(origin.asText()).matches()) {
                ctx.findings().error("config.invalid-origins", node.id(), at.index(i),
                        "'" + origin.asText() + "' is not a browser origin",
                        "Write an origin as scheme://host[:port] with no path, such as https://app.example.com; "
                                + "\"*\" is not accepted.");
            }
        }
    }

    private static void trigger(ValidationContext ctx, Node node, JsonPath cfg, Fields f) {
        String method = f.string("method", true);
        if (method != null && !HTTP_METHODS.contains(method)) {
            ctx.findings().error("config.invalid-method", node.id(), cfg.key("method"),
                    "'" + method + "' is not an HTTP method this trigger can accept",
                    "Use one of: " + String.join(", ", new TreeSet<>(HTTP_METHODS)) + " (upper case).");
        }
        String auth = f.string("auth", true);
        if (auth != null && !AUTH_MODES.contains(auth)) {
            ctx.findings().error("config.invalid-auth", node.id(), cfg.key("auth"),
                    "'" + auth + "' is not a trigger authentication mode",
                    "Use \"apiKey\" (recommended), \"token\", or \"none\".");
        }
        JsonNode origins = f.present("allowedOrigins");
        if (origins != null) {
            allowedOrigins(ctx, node, cfg.key("allowedOrigins"), origins);
        }
        JsonNode schema = f.present("inputSchema");
        if (schema != null) {
            JsonSchemaChecks.checkInput(ctx, node, cfg, schema, f.present("example"));
        }
    }

    private static void switchCases(ValidationContext ctx, Node node, JsonPath cfg, Fields f) {
        JsonNode cases = f.array("cases", true);
        if (cases == null) {
            return;
        }
        JsonPath casesPath = cfg.key("cases");
        if (cases.isEmpty()) {
            ctx.findings().error("config.switch-no-cases", node.id(), casesPath,
                    "Switch '" + node.id() + "' has no cases",
                    "List the case names in \"cases\", such as [\"small\", \"large\"], or use a condition node.");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            JsonPath p = casesPath.index(i);
            if (!c.isTextual() || c.textValue().isBlank()) {
                ctx.findings().error("config.invalid-switch-case", node.id(), p,
                        "Case " + i + " of switch '" + node.id() + "' must be a non-empty string, found "
                                + (c.isTextual() ? "an empty string" : ValidationContext.kind(c)),
                        "Name each case with a short string, such as \"large\".");
            } else if (c.textValue().equals(NodeType.DEFAULT_BRANCH) || c.textValue().equals("error")) {
                ctx.findings().error("config.invalid-switch-case", node.id(), p,
                        "Case " + i + " of switch '" + node.id() + "' is named '" + c.textValue()
                                + "', which is reserved for the " + c.textValue() + " branch",
                        "Rename the case; every switch already has the \"default\" and \"error\" branches.");
            } else if (!seen.add(c.textValue())) {
                ctx.findings().error("config.duplicate-switch-case", node.id(), p,
                        "Switch '" + node.id() + "' lists the case '" + c.textValue() + "' more than once",
                        "Remove the repeated case name.");
            }
        }
    }

    private static void httpRequest(ValidationContext ctx, Node node, JsonPath cfg, Fields f) {
        String method = f.string("method", false);
        if (method != null && !HTTP_METHODS.contains(method)) {
            ctx.findings().error("config.invalid-method", node.id(), cfg.key("method"),
                    "'" + method + "' is not an HTTP method",
                    "Use one of: " + String.join(", ", new TreeSet<>(HTTP_METHODS)) + " (upper case).");
        }
        String url = f.string("url", true);
        if (url != null) {
            ExpressionChecks.url(ctx, node, cfg.key("url"), url);
        }
        f.headers();
        JsonNode body = f.present("body");
        if (body != null) {
            templatesIn(ctx, node, cfg.key("body"), body);
        }
        f.integer("timeoutMs", false, 1, MAX_TIMEOUT_MS, "ms");
        f.bool("allowInsecureHttp");
        JsonNode retry = f.object("retry", false);
        if (retry != null) {
            Fields r = new Fields(ctx, node, cfg.key("retry"), (ObjectNode) retry);
            r.integer("maxAttempts", false, 1, MAX_ATTEMPTS, "");
            r.integer("backoffMs", false, 0, MAX_BACKOFF_MS, "ms");
            r.unknown(RETRY_FIELDS, "retry");
        }
    }

    /** A request body is a template string, or JSON whose string values are templates. */
    private static void templatesIn(ValidationContext ctx, Node node, JsonPath path, JsonNode value) {
        if (value.isTextual()) {
            ExpressionChecks.template(ctx, node, path, value.textValue());
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                templatesIn(ctx, node, path.index(i), value.get(i));
            }
        } else if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                templatesIn(ctx, node, path.key(e.getKey()), e.getValue());
            }
        }
    }

    /** Typed access to one config object, reporting missing, mistyped and out-of-range fields. */
    private record Fields(ValidationContext ctx, Node node, JsonPath path, ObjectNode config) {

        private String nodeId() {
            return node == null ? null : node.id();
        }

        /** The value of a field, or null when it is absent or JSON null. */
        JsonNode present(String name) {
            JsonNode v = config.get(name);
            return v == null || v.isNull() ? null : v;
        }

        private JsonNode require(String name, boolean required, String expected) {
            JsonNode v = present(name);
            if (v == null && required) {
                ctx.findings().error("config.missing-field", nodeId(), path.key(name),
                        "The required field \"" + name + "\" is missing"
                                + (node == null ? "" : " from " + node.type() + " node '" + node.id() + "'"),
                        "Add \"" + name + "\": " + expected + " to the config.");
            }
            return v;
        }

        private void wrongType(String name, String expected, JsonNode found) {
            ctx.findings().error("config.wrong-type", nodeId(), path.key(name),
                    "\"" + name + "\" must be " + expected + ", found " + ValidationContext.kind(found),
                    "Write \"" + name + "\" as " + expected + ".");
        }

        String string(String name, boolean required) {
            JsonNode v = require(name, required, "a string");
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                wrongType(name, "a string", v);
                return null;
            }
            return v.textValue();
        }

        void jsonata(String name, boolean required) {
            JsonNode v = require(name, required, "a JSONata expression string");
            if (v == null) {
                return;
            }
            if (!v.isTextual()) {
                wrongType(name, "a JSONata expression string", v);
                return;
            }
            ExpressionChecks.jsonata(ctx, node, path.key(name), v.textValue());
        }

        void template(String name, boolean required) {
            String s = string(name, required);
            if (s != null) {
                ExpressionChecks.template(ctx, node, path.key(name), s);
            }
        }

        void integer(String name, boolean required, long min, long max, String unit) {
            JsonNode v = require(name, required, "a whole number");
            if (v == null) {
                return;
            }
            if (!v.isIntegralNumber()) {
                wrongType(name, "a whole number", v);
                return;
            }
            if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
                ctx.findings().error("config.out-of-range", nodeId(), path.key(name),
                        "\"" + name + "\" is " + v.asText() + "; it must be from " + min + " to " + max
                                + (unit.isEmpty() ? "" : " " + unit),
                        "Set \"" + name + "\" to a value from " + min + " to " + max + ".");
            }
        }

        void bool(String name) {
            JsonNode v = present(name);
            if (v != null && !v.isBoolean()) {
                wrongType(name, "true or false", v);
            }
        }

        JsonNode object(String name, boolean required) {
            JsonNode v = require(name, required, "an object");
            if (v != null && !v.isObject()) {
                wrongType(name, "an object", v);
                return null;
            }
            return v;
        }

        JsonNode array(String name, boolean required) {
            JsonNode v = require(name, required, "an array");
            if (v != null && !v.isArray()) {
                wrongType(name, "an array", v);
                return null;
            }
            return v;
        }

        /** {@code headers}: an object of header name to template string. */
        void headers() {
            JsonNode headers = object("headers", false);
            if (headers == null) {
                return;
            }
            JsonPath hp = path.key("headers");
            for (Map.Entry<String, JsonNode> e : headers.properties()) {
                JsonPath p = hp.key(e.getKey());
                if (!HttpToken.matches(e.getKey())) {
                    ctx.findings().error("config.invalid-header-name", nodeId(), p,
                            "'" + e.getKey() + "' is not a valid HTTP header name",
                            "Use letters, digits and '-' in header names, such as \"X-Request-Id\".");
                }
                if (!e.getValue().isTextual()) {
                    ctx.findings().error("config.wrong-type", nodeId(), p,
                            "Header '" + e.getKey() + "' must be a string, found " + ValidationContext.kind(e.getValue()),
                            "Write header values as strings; embed expressions as {{ expression }}.");
                    continue;
                }
                ExpressionChecks.template(ctx, node, p, e.getValue().textValue());
            }
        }

        /** Reports fields the type does not read: usually a typo such as "timeoutMS". */
        void unknown(Set<String> known, String where) {
            for (Map.Entry<String, JsonNode> field : config.properties()) {
                String name = field.getKey();
                if (!known.contains(name)) {
                    ctx.findings().warning("config.unknown-field", nodeId(), path.key(name),
                            "The " + where + " has an unknown field \"" + name + "\", which is ignored",
                            known.isEmpty() ? "Remove the field." :
                                    "Remove it or use one of: " + String.join(", ", new TreeSet<>(known)) + ".");
                }
            }
        }
    }
}
