package com.wfp.platform.release;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.workflow.error.DomainException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two workflow definitions, node by node: the answer to "what will this
 * publish change?" and "what did that release change?".
 *
 * @param nodesAdded          ids of nodes only in the later definition, in its order
 * @param nodesRemoved        ids of nodes only in the earlier definition, in its order
 * @param nodesChanged        nodes in both whose type or config differs
 * @param edgesAdded          edges only in the later definition
 * @param edgesRemoved        edges only in the earlier definition
 * @param settingsChanged     top-level keys of {@code settings} added, removed or changed, sorted
 * @param credentialsAdded    credential names only in the later definition
 * @param credentialsRemoved  credential names only in the earlier definition
 * @param credentialsChanged  credential names in both whose declaration differs
 * @param workflowFieldsChanged other top-level fields that differ ({@code name}, {@code description}...), sorted
 */
public record ReleaseDiff(List<String> nodesAdded, List<String> nodesRemoved, List<NodeChange> nodesChanged,
                          List<EdgeKey> edgesAdded, List<EdgeKey> edgesRemoved, List<String> settingsChanged,
                          List<String> credentialsAdded, List<String> credentialsRemoved,
                          List<String> credentialsChanged, List<String> workflowFieldsChanged) {

    /**
     * A node present in both definitions that changed.
     *
     * @param nodeId            the node
     * @param typeBefore        its type before
     * @param typeAfter         its type after (equal to typeBefore when only config changed)
     * @param configKeysChanged top-level config keys added, removed or changed, sorted
     */
    public record NodeChange(String nodeId, String typeBefore, String typeAfter, List<String> configKeysChanged) {

        public NodeChange {
            configKeysChanged = List.copyOf(configKeysChanged);
        }
    }

    /** An edge, identified by its ends and branch (null for the default branch). */
    public record EdgeKey(String from, String to, String branch) {

        @Override
        public String toString() {
            return from + " -> " + to + (branch == null ? "" : " [" + branch + "]");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> STRUCTURAL_FIELDS = Set.of("nodes", "edges", "settings", "credentials");

    public ReleaseDiff {
        nodesAdded = List.copyOf(nodesAdded);
        nodesRemoved = List.copyOf(nodesRemoved);
        nodesChanged = List.copyOf(nodesChanged);
        edgesAdded = List.copyOf(edgesAdded);
        edgesRemoved = List.copyOf(edgesRemoved);
        settingsChanged = List.copyOf(settingsChanged);
        credentialsAdded = List.copyOf(credentialsAdded);
        credentialsRemoved = List.copyOf(credentialsRemoved);
        credentialsChanged = List.copyOf(credentialsChanged);
        workflowFieldsChanged = List.copyOf(workflowFieldsChanged);
    }

    /** The changes from {@code before} to {@code after}. */
    public static ReleaseDiff between(Release before, Release after) {
        return between(before.definition(), after.definition());
    }

    /** The changes from one definition (JSON text) to another. */
    public static ReleaseDiff between(String definitionBefore, String definitionAfter) {
        JsonNode a = read(definitionBefore);
        JsonNode b = read(definitionAfter);

        Map<String, JsonNode> nodesA = byKey(a.path("nodes"), "id");
        Map<String, JsonNode> nodesB = byKey(b.path("nodes"), "id");
        List<String> added = nodesB.keySet().stream().filter(id -> !nodesA.containsKey(id)).toList();
        List<String> removed = nodesA.keySet().stream().filter(id -> !nodesB.containsKey(id)).toList();
        List<NodeChange> changed = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : nodesA.entrySet()) {
            JsonNode nb = nodesB.get(e.getKey());
            if (nb == null || nb.equals(e.getValue())) {
                continue;
            }
            JsonNode na = e.getValue();
            changed.add(new NodeChange(e.getKey(), na.path("type").asText(null), nb.path("type").asText(null),
                    changedKeys(na.path("config"), nb.path("config"))));
        }

        Set<EdgeKey> edgesA = edges(a.path("edges"));
        Set<EdgeKey> edgesB = edges(b.path("edges"));
        List<EdgeKey> edgesAdded = edgesB.stream().filter(x -> !edgesA.contains(x)).toList();
        List<EdgeKey> edgesRemoved = edgesA.stream().filter(x -> !edgesB.contains(x)).toList();

        Map<String, JsonNode> credsA = byKey(a.path("credentials"), "name");
        Map<String, JsonNode> credsB = byKey(b.path("credentials"), "name");
        List<String> credsAdded = credsB.keySet().stream().filter(n -> !credsA.containsKey(n)).toList();
        List<String> credsRemoved = credsA.keySet().stream().filter(n -> !credsB.containsKey(n)).toList();
        List<String> credsChanged = credsA.keySet().stream()
                .filter(n -> credsB.containsKey(n) && !credsB.get(n).equals(credsA.get(n))).toList();

        Set<String> fields = new TreeSet<>();
        a.fieldNames().forEachRemaining(fields::add);
        b.fieldNames().forEachRemaining(fields::add);
        List<String> workflowFields = fields.stream()
                .filter(f -> !STRUCTURAL_FIELDS.contains(f) && !Objects.equals(a.get(f), b.get(f))).toList();

        return new ReleaseDiff(added, removed, changed, edgesAdded, edgesRemoved,
                changedKeys(a.path("settings"), b.path("settings")), credsAdded, credsRemoved, credsChanged, workflowFields);
    }

    /** True when the definitions are the same in every respect this diff looks at. */
    @JsonIgnore
    public boolean isEmpty() {
        return nodesAdded.isEmpty() && nodesRemoved.isEmpty() && nodesChanged.isEmpty() && edgesAdded.isEmpty()
                && edgesRemoved.isEmpty() && settingsChanged.isEmpty() && credentialsAdded.isEmpty()
                && credentialsRemoved.isEmpty() && credentialsChanged.isEmpty() && workflowFieldsChanged.isEmpty();
    }

    private static JsonNode read(String definition) {
        try {
            JsonNode tree = MAPPER.readTree(definition);
            if (tree == null || !tree.isObject()) {
                throw new IllegalArgumentException("not an object");
            }
            return tree;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw DomainException.badRequest("diff.invalid-definition", "A definition to compare is not a JSON object",
                    "Compare stored releases or drafts, which are always valid JSON documents.");
        }
    }

    private static Map<String, JsonNode> byKey(JsonNode array, String key) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (JsonNode item : array) {
            if (item.path(key).isTextual()) {
                map.putIfAbsent(item.path(key).asText(), item);
            }
        }
        return map;
    }

    private static Set<EdgeKey> edges(JsonNode array) {
        Set<EdgeKey> set = new LinkedHashSet<>();
        for (JsonNode e : array) {
            set.add(new EdgeKey(e.path("from").asText(null), e.path("to").asText(null),
                    e.path("branch").isTextual() ? e.path("branch").asText() : null));
        }
        return set;
    }

    private static List<String> changedKeys(JsonNode before, JsonNode after) {
        Set<String> keys = new TreeSet<>();
        for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys.stream().filter(k -> !Objects.equals(before.get(k), after.get(k))).toList();
    }
}
