package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.model.Node;
import com.wfp.workflow.model.Workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the checks of one validation run share: the workflow, the findings so far, node lookups,
 * and caches so that every distinct expression and template is compiled once per run. Config
 * checks record every expression they meet as an {@link ExpressionSite}; security checks then
 * scan those sites for {@code $secret} and {@code $eval} without re-reading the document.
 */
final class ValidationContext {

    /** Where an expression or template was found, and the JSONata sources inside it. */
    record ExpressionSite(Node node, JsonPath path, List<String> expressionSources) {
    }

    private final Workflow workflow;
    private final ValidationOptions options;
    private final FindingCollector findings = new FindingCollector();
    private final Map<String, Node> firstById = new LinkedHashMap<>();
    private final boolean[] duplicate;
    private final CompileCache compileCache;
    private final Map<String, CompileCache.ExpressionOutcome> expressions = new HashMap<>();
    private final Map<String, CompileCache.TemplateOutcome> templates = new HashMap<>();
    private final List<ExpressionSite> expressionSites = new ArrayList<>();
    private final Map<Integer, TargetUrl> targets = new HashMap<>();

    ValidationContext(Workflow workflow, ValidationOptions options, CompileCache compileCache) {
        this.workflow = workflow;
        this.compileCache = compileCache;
        this.options = options == null ? ValidationOptions.DEFAULT : options;
        List<Node> nodes = workflow.nodes();
        this.duplicate = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (firstById.putIfAbsent(idOf(n), n) != null) {
                duplicate[i] = true;
            }
        }
    }

    Workflow workflow() {
        return workflow;
    }

    ValidationOptions options() {
        return options;
    }

    FindingCollector findings() {
        return findings;
    }

    List<Node> nodes() {
        return workflow.nodes();
    }

    /** The first node with this id; later nodes with the same id are reported and otherwise ignored. */
    Optional<Node> node(String id) {
        return Optional.ofNullable(id == null ? null : firstById.get(id));
    }

    /** Whether the node at this position repeats an id used earlier in the document. */
    boolean isDuplicate(Node node) {
        return node.index() >= 0 && node.index() < duplicate.length && duplicate[node.index()];
    }

    static String idOf(Node n) {
        return n.id() == null ? "" : n.id();
    }

    static Optional<NodeType> typeOf(Node n) {
        return NodeType.of(n.type());
    }

    static ObjectNode configOf(Node n) {
        return n.config() == null ? JsonNodeFactory.instance.objectNode() : n.config();
    }

    static JsonPath pathOf(Node n) {
        return JsonPath.node(n.index());
    }

    /** Whether a JSONata source compiles: each distinct source is compiled at most once per run. */
    CompileCache.ExpressionOutcome expression(String source) {
        return expressions.computeIfAbsent(source, compileCache::expression);
    }

    /** Whether a {@code {{ }}} template parses, and its parts: each distinct source at most once per run. */
    CompileCache.TemplateOutcome template(String source) {
        return templates.computeIfAbsent(source, compileCache::template);
    }

    void addExpressionSite(ExpressionSite site) {
        expressionSites.add(site);
    }

    List<ExpressionSite> expressionSites() {
        return expressionSites;
    }

    void putTarget(Node node, TargetUrl target) {
        targets.put(node.index(), target);
    }

    /** The parsed URL of an {@code http.request} node, when its template parsed. */
    Optional<TargetUrl> target(Node node) {
        return Optional.ofNullable(targets.get(node.index()));
    }

    /** A short, type-describing word for messages: "a string", "an object". */
    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
