package com.wfp.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.resource.AllowSchemaLoader;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.expression.Expression;
import com.wfp.workflow.expression.ExpressionSyntaxException;
import com.wfp.workflow.expression.Template;
import com.wfp.workflow.model.Credential;
import com.wfp.workflow.model.Edge;
import com.wfp.workflow.model.Node;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.net.http.HttpToken;
import com.wfp.workflow.net.http.RetryPolicy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a {@link Workflow} into an {@link ExecutableWorkflow}, or explains with a 422 naming the
 * node why the release cannot run. It checks only what execution depends on (one trigger, known
 * node types, edges between existing nodes with branches their source can take, no cycles, config
 * that compiles); the validator reports everything else.
 */
final class WorkflowCompiler {

    static final String CODE = "release.not-runnable";
    private static final String DEFAULT_BRANCH = "default";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final EngineSettings settings;
    private final JsonSchemaFactory schemas;

    WorkflowCompiler(EngineSettings settings) {
        this.settings = settings;
        // Input schemas may only reference the meta-schemas bundled with the library: a $ref to an
        // http URL would make preparing a release fetch from the network.
        this.schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .schemaLoaders(loaders -> loaders.add(new AllowSchemaLoader(iri -> iri.toString().startsWith("classpath:")))));
    }

    ExecutableWorkflow compile(Workflow workflow, String releaseId, String version) {
        List<Node> nodes = workflow.nodes();
        Map<String, Integer> indexById = new HashMap<>();
        int trigger = -1;
        for (Node node : nodes) {
            if (indexById.putIfAbsent(node.id(), indexById.size()) != null) {
                throw invalid(node, "its id is used by another node too", "Give every node a unique id.");
            }
            if (node.type().equals("trigger.http")) {
                if (trigger >= 0) {
                    throw invalid(node, "the workflow has more than one trigger.http node",
                            "Keep exactly one trigger.http node; executions start there.");
                }
                trigger = indexById.get(node.id());
            }
        }
        if (trigger < 0) {
            throw new DomainException(CODE, 422, "The workflow '" + workflow.id() + "' has no trigger.http node",
                    "Add one trigger.http node: executions start there.");
        }

        Compilation compilation = new Compilation();
        List<NodeStep> steps = new ArrayList<>(nodes.size());
        JsonSchema inputSchema = null;
        for (Node node : nodes) {
            steps.add(step(node, compilation));
        }
        JsonNode schemaNode = nodes.get(trigger).config().get("inputSchema");
        if (schemaNode != null && !schemaNode.isNull()) {
            inputSchema = schema(nodes.get(trigger), schemaNode);
        }

        List<CompiledEdge> edges = new ArrayList<>();
        List<List<Integer>> incoming = new ArrayList<>();
        List<List<Integer>> outgoing = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            incoming.add(new ArrayList<>());
            outgoing.add(new ArrayList<>());
        }
        for (Edge edge : workflow.edges()) {
            Integer from = indexById.get(edge.from());
            Integer to = indexById.get(edge.to());
            if (from == null || to == null) {
                throw new DomainException(CODE, 422, "The edge at " + edge.path() + " names the unknown node '"
                        + (from == null ? edge.from() : edge.to()) + "'",
                        "Point edges only at nodes that exist in the workflow.");
            }
            Node source = nodes.get(from);
            NodeStep step = steps.get(from);
            String branch = edge.branch();
            if (DEFAULT_BRANCH.equals(branch) && step.defaultBranch()) {
                branch = null; // "default" names the default edge of types that have no named branches
            }
            boolean valid = branch == null ? step.defaultBranch() : edge.isError() || step.branches().contains(branch);
            if (!valid) {
                throw invalid(source, "its edge to '" + edge.to() + "' has " + (branch == null ? "no branch" : "the branch '" + branch + "'")
                                + ", which a " + source.type() + " node does not take",
                        branchHint(source.type(), step));
            }
            if (to == trigger) {
                throw invalid(nodes.get(to), "the edge from '" + edge.from() + "' points into the trigger",
                        "Nothing may point into the trigger; executions start there.");
            }
            int index = edges.size();
            edges.add(new CompiledEdge(index, from, to, branch));
            outgoing.get(from).add(index);
            incoming.get(to).add(index);
        }
        rejectCycles(nodes, edges, incoming, outgoing);

        List<CompiledNode> compiled = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            int[] out = outgoing.get(i).stream().mapToInt(Integer::intValue).toArray();
            boolean hasErrorEdge = outgoing.get(i).stream().anyMatch(e -> edges.get(e).isError());
            compiled.add(new CompiledNode(i, node.id(), node.type(), steps.get(i),
                    incoming.get(i).stream().mapToInt(Integer::intValue).toArray(), out, hasErrorEdge));
        }
        long timeoutMs = workflow.timeoutMs(settings.defaultWorkflowTimeoutMs());
        if (timeoutMs <= 0) {
            throw new DomainException(CODE, 422, "settings.timeoutMs must be positive, was " + timeoutMs,
                    "Set settings.timeoutMs to the longest an execution may take, in milliseconds (for example 30000).");
        }
        Set<String> credentials = workflow.credentials().stream().map(Credential::name).collect(Collectors.toSet());
        return new ExecutableWorkflow(workflow, releaseId, version, compiled, edges, trigger, inputSchema, timeoutMs,
                compilation.readsSecrets, credentials);
    }

    private static String branchHint(String type, NodeStep step) {
        if (step.branches().isEmpty() && !step.defaultBranch()) {
            return "A " + type + " node ends its path: remove its outgoing edges (only \"branch\": \"error\" is allowed).";
        }
        List<String> names = new ArrayList<>();
        if (step.defaultBranch()) {
            names.add("(no branch)");
        }
        step.branches().stream().sorted().forEach(b -> names.add("\"" + b + "\""));
        names.add("\"error\"");
        return "Use one of the branches of a " + type + " node: " + String.join(", ", names) + ".";
    }

    private static void rejectCycles(List<Node> nodes, List<CompiledEdge> edges, List<List<Integer>> incoming,
                                     List<List<Integer>> outgoing) {
        int[] pending = new int[nodes.size()];
        ArrayDeque<Integer> free = new ArrayDeque<>();
        for (int i = 0; i < nodes.size(); i++) {
            pending[i] = incoming.get(i).size();
            if (pending[i] == 0) {
                free.add(i);
            }
        }
        int visited = 0;
        while (!free.isEmpty()) {
            int n = free.poll();
            visited++;
            for (int e : outgoing.get(n)) {
                if (--pending[edges.get(e).to()] == 0) {
                    free.add(edges.get(e).to());
                }
            }
        }
        if (visited < nodes.size()) {
            for (int i = 0; i < nodes.size(); i++) {
                if (pending[i] > 0) {
                    throw invalid(nodes.get(i), "it is part of a cycle", "Remove an edge of the cycle: workflows are acyclic.");
                }
            }
        }
    }

    private JsonSchema schema(Node trigger, JsonNode schemaNode) {
        if (!schemaNode.isObject() && !schemaNode.isBoolean()) {
            throw invalid(trigger, "config.inputSchema must be a JSON Schema object",
                    "Write inputSchema as a JSON Schema such as {\"type\": \"object\", \"required\": [\"orderId\"]}.");
        }
        try {
            JsonSchema schema = schemas.getSchema(schemaNode);
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException e) {
            throw invalid(trigger, "config.inputSchema cannot be compiled: " + e.getMessage(),
                    "Fix the JSON Schema; references may only point inside the schema itself.", e);
        }
    }

    private NodeStep step(Node node, Compilation compilation) {
        Config config = new Config(node, compilation);
        return switch (node.type()) {
            case "trigger.http" -> new Steps.Trigger();
            case "transform" -> new Steps.Transform(config.expression("expression", true));
            case "condition" -> new Steps.Condition(config.expression("expression", true));
            case "switch" -> new Steps.Switch(config.expression("expression", true), config.cases());
            case "http.request" -> httpRequest(config);
            case "delay" -> new Steps.Delay(config.integer("ms", null, 0, settings.maxDelayMs()));
            case "merge" -> new Steps.Merge();
            // Validation refuses 1xx since it answers a caller nothing final; releases published before still load.
            case "respond" -> new Steps.Respond((int) config.integer("status", 200L, 100, 599),
                    config.templates("headers"), config.expression("body", false));
            case "fail" -> new Steps.Fail((int) config.integer("status", 500L, 400, 599), config.template("message"));
            default -> throw invalid(node, "the node type '" + node.type() + "' is unknown",
                    "Use one of: trigger.http, transform, condition, switch, http.request, delay, merge, respond, fail.");
        };
    }

    private Steps.HttpRequest httpRequest(Config config) {
        String method = config.string("method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw invalid(config.node, "config.method '" + method + "' is not an HTTP method",
                    "Use one of " + String.join(", ", METHODS.stream().sorted().toList()) + ".");
        }
        Template url = config.template("url");
        if (url == null) {
            throw invalid(config.node, "config.url is missing", "Set \"url\" to an https:// URL; it may embed {{ }} templates.");
        }
        long timeout = config.integer("timeoutMs", settings.defaultNodeTimeoutMs(), 1, 300_000);
        RetryPolicy retry = RetryPolicy.NONE;
        JsonNode retryNode = config.node.config().get("retry");
        if (retryNode != null && !retryNode.isNull()) {
            if (!retryNode.isObject()) {
                throw invalid(config.node, "config.retry must be an object", "Write \"retry\": {\"maxAttempts\": 3, \"backoffMs\": 200}.");
            }
            Config retryConfig = new Config(config.node, config.compilation, retryNode, "config.retry.");
            retry = new RetryPolicy((int) retryConfig.integer("maxAttempts", 1L, 1, RetryPolicy.MAX_ATTEMPTS),
                    retryConfig.integer("backoffMs", 0L, 0, RetryPolicy.MAX_BACKOFF_MS));
        }
        JsonNode bodyNode = config.node.config().get("body");
        JsonTemplate body = null;
        if (bodyNode != null && !bodyNode.isNull()) {
            body = config.compiling("body", () -> JsonTemplate.compile(bodyNode));
            config.compilation.noteSecrets(bodyNode.toString());
        }
        return new Steps.HttpRequest(method, url, config.templates("headers"), body, timeout, retry,
                config.bool("allowInsecureHttp"));
    }

    static DomainException invalid(Node node, String problem, String hint) {
        return invalid(node, problem, hint, null);
    }

    static DomainException invalid(Node node, String problem, String hint, Throwable cause) {
        return new DomainException(CODE, 422, "Node '" + node.id() + "' (" + node.type() + ") cannot run: " + problem
                + " (at " + node.path() + ")", hint, cause);
    }

    private static final class Compilation {
        boolean readsSecrets;

        void noteSecrets(String source) {
            readsSecrets |= source.contains("$secret");
        }
    }

    /** Typed reads of one node's config, each failure naming the node and the field. */
    private static final class Config {
        final Node node;
        final Compilation compilation;
        final JsonNode object;
        final String prefix;

        Config(Node node, Compilation compilation) {
            this(node, compilation, node.config(), "config.");
        }

        Config(Node node, Compilation compilation, JsonNode object, String prefix) {
            this.node = node;
            this.compilation = compilation;
            this.object = object;
            this.prefix = prefix;
        }

        <T> T compiling(String field, java.util.function.Supplier<T> compile) {
            try {
                return compile.get();
            } catch (ExpressionSyntaxException e) {
                throw invalid(node, prefix + field + " does not parse: " + e.getMessage(), e.hint(), e);
            }
        }

        Expression expression(String field, boolean required) {
            JsonNode value = object.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    throw invalid(node, prefix + field + " is missing", "Set \"" + field + "\" to a JSONata expression.");
                }
                return null;
            }
            if (!value.isTextual()) {
                throw invalid(node, prefix + field + " must be a JSONata expression in a string",
                        "Write the expression as a string, for example \"" + field + "\": \"{ 'id': input.id }\".");
            }
            compilation.noteSecrets(value.textValue());
            return compiling(field, () -> Expression.compile(value.textValue()));
        }

        Template template(String field) {
            JsonNode value = object.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw invalid(node, prefix + field + " must be a string", "Write \"" + field + "\" as a string; it may embed {{ }}.");
            }
            compilation.noteSecrets(value.textValue());
            return compiling(field, () -> Template.parse(value.textValue()));
        }

        Map<String, Template> templates(String field) {
            JsonNode value = object.get(field);
            if (value == null || value.isNull()) {
                return Map.of();
            }
            if (!value.isObject()) {
                throw invalid(node, prefix + field + " must be an object of strings",
                        "Write \"" + field + "\": {\"X-Name\": \"value or {{ template }}\"}.");
            }
            Map<String, Template> templates = new LinkedHashMap<>();
            for (var e : value.properties()) {
                if (!e.getValue().isTextual()) {
                    throw invalid(node, prefix + field + "." + e.getKey() + " must be a string",
                            "Write header values as strings, for example \"Bearer {{ $secret('crm') }}\".");
                }
                if (!HttpToken.matches(e.getKey())) {
                    throw invalid(node, prefix + field + " has the invalid header name '" + e.getKey() + "'",
                            "Header names are letters, digits and - (for example X-Request-Id).");
                }
                compilation.noteSecrets(e.getValue().textValue());
                templates.put(e.getKey(), compiling(field + "." + e.getKey(), () -> Template.parse(e.getValue().textValue())));
            }
            return java.util.Collections.unmodifiableMap(templates);
        }

        List<String> cases() {
            JsonNode value = object.get("cases");
            if (value == null || !value.isArray() || value.isEmpty()) {
                throw invalid(node, prefix + "cases must be a non-empty array of names",
                        "List the values the expression can take, for example \"cases\": [\"gold\", \"silver\"].");
            }
            List<String> cases = new ArrayList<>();
            for (JsonNode c : value) {
                if (!c.isTextual() || c.textValue().isEmpty() || c.textValue().equals("error")) {
                    throw invalid(node, prefix + "cases must hold non-empty names other than \"error\", found " + c,
                            "Write each case as a string, for example \"gold\".");
                }
                cases.add(c.textValue());
            }
            return List.copyOf(cases);
        }

        long integer(String field, Long defaultValue, long min, long max) {
            JsonNode value = object.get(field);
            if (value == null || value.isNull()) {
                if (defaultValue == null) {
                    throw invalid(node, prefix + field + " is missing", "Set \"" + field + "\" to a number within " + min + ".." + max + ".");
                }
                return defaultValue;
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
                throw invalid(node, prefix + field + " must be a whole number within " + min + ".." + max + ", found " + value,
                        "Set \"" + field + "\" to a number within " + min + ".." + max + ".");
            }
            return value.asLong();
        }

        String string(String field, String defaultValue) {
            JsonNode value = object.get(field);
            if (value == null || value.isNull()) {
                return defaultValue;
            }
            if (!value.isTextual()) {
                throw invalid(node, prefix + field + " must be a string, found " + value, "Write \"" + field + "\" as a string.");
            }
            return value.textValue();
        }

        boolean bool(String field) {
            JsonNode value = object.get(field);
            if (value == null || value.isNull()) {
                return false;
            }
            if (!value.isBoolean()) {
                throw invalid(node, prefix + field + " must be true or false, found " + value, "Write \"" + field + "\": true or false.");
            }
            return value.booleanValue();
        }
    }
}
