package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.workflow.model.Edge;
import com.wfp.workflow.model.Node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code graph.*}: the shape of the workflow. One trigger; every node reachable from it; no
 * cycles; edges name existing nodes and branches their source can take; every path ends in
 * {@code respond} or {@code fail}; nothing points back into the trigger.
 *
 * <p>Everything here is linear in nodes plus edges: nodes are numbered once, edges become
 * adjacency lists, reachability is one breadth-first search, cycles are found with an iterative
 * Tarjan pass (no recursion, so no stack depth limit).
 */
final class GraphChecks {

    private static final String TRIGGER = NodeType.TRIGGER_HTTP.wireName();

    void run(ValidationContext ctx) {
        FindingCollector out = ctx.findings();
        List<Node> nodes = ctx.nodes();
        // Dense numbering of the distinct node ids (first occurrence), in document order.
        Map<String, Integer> number = new HashMap<>();
        List<Node> distinct = new ArrayList<>();
        for (Node n : nodes) {
            if (!ctx.isDuplicate(n) && !number.containsKey(ValidationContext.idOf(n))) {
                number.put(ValidationContext.idOf(n), distinct.size());
                distinct.add(n);
            }
        }
        int size = distinct.size();
        List<List<Integer>> successors = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            successors.add(new ArrayList<>(2));
        }
        boolean[] leavesNormally = new boolean[size];
        Map<Integer, Set<String>> branchesTaken = new HashMap<>();

        List<Node> triggers = new ArrayList<>();
        for (Node n : nodes) {
            if (TRIGGER.equals(n.type())) {
                triggers.add(n);
            }
        }
        checkTriggers(triggers, out);

        Set<String> seenEdges = new HashSet<>();
        for (Edge e : ctx.workflow().edges()) {
            JsonPath path = JsonPath.edge(e.index());
            Integer from = e.from() == null ? null : number.get(e.from());
            Integer to = e.to() == null ? null : number.get(e.to());
            if (from == null) {
                out.error("graph.edge-unknown-node", null, path.key("from"),
                        "Edge " + e.index() + " starts at '" + e.from() + "', which is not a node of this workflow",
                        "Set \"from\" to the id of an existing node, or delete the edge.");
            }
            if (to == null) {
                out.error("graph.edge-unknown-node", from == null ? null : e.from(), path.key("to"),
                        "Edge " + e.index() + " points to '" + e.to() + "', which is not a node of this workflow",
                        "Set \"to\" to the id of an existing node, or delete the edge.");
            }
            if (from == null || to == null) {
                continue;
            }
            Node source = distinct.get(from);
            Node target = distinct.get(to);
            if (TRIGGER.equals(target.type())) {
                out.error("graph.edge-into-trigger", target.id(), path.key("to"),
                        "Edge " + e.index() + " leads from '" + e.from() + "' back into the trigger '" + e.to() + "'",
                        "A trigger only starts executions; point the edge at another node or delete it.");
            }
            if (from.equals(to)) {
                out.error("graph.self-loop", source.id(), path,
                        "Node '" + source.id() + "' has an edge to itself",
                        "Delete the edge; to retry a request use the http.request \"retry\" setting.");
            }
            boolean branchOk = checkBranch(e, source, path, out);
            String branchKey = e.branch() == null ? "" : e.branch();
            if (!seenEdges.add(e.from() + '\u0000' + e.to() + '\u0000' + branchKey)) {
                out.warning("graph.duplicate-edge", source.id(), path,
                        "Edge " + e.index() + " repeats an earlier edge from '" + e.from() + "' to '" + e.to() + "'"
                                + (e.branch() == null ? "" : " on branch '" + e.branch() + "'"),
                        "Delete the repeated edge.");
            }
            if (from.equals(to)) {
                continue;
            }
            successors.get(from).add(to);
            if (!e.isError()) {
                leavesNormally[from] = true;
            }
            if (branchOk) {
                branchesTaken.computeIfAbsent(from, k -> new HashSet<>()).add(branchKey);
            }
        }

        checkBranchesCovered(distinct, branchesTaken, out);
        checkDeadEnds(distinct, leavesNormally, out);
        checkReachable(distinct, triggers, number, successors, out);
        checkCycles(distinct, successors, out);
    }

    private static void checkTriggers(List<Node> triggers, FindingCollector out) {
        if (triggers.isEmpty()) {
            out.error("graph.no-trigger", null, JsonPath.ROOT.key("nodes"),
                    "The workflow has no trigger, so nothing can start it",
                    "Add one node of type \"trigger.http\" and connect it to the first step.");
            return;
        }
        for (int i = 1; i < triggers.size(); i++) {
            Node extra = triggers.get(i);
            out.error("graph.multiple-triggers", extra.id(), ValidationContext.pathOf(extra),
                    "Node '" + extra.id() + "' is a second trigger; a workflow has exactly one (the first is '"
                            + triggers.get(0).id() + "')",
                    "Keep one trigger.http node; split the workflow if it needs two entry points.");
        }
    }

    /** Reports a branch name the source node cannot take; returns whether the branch is valid. */
    private static boolean checkBranch(Edge e, Node source, JsonPath path, FindingCollector out) {
        Optional<NodeType> type = ValidationContext.typeOf(source);
        if (type.isEmpty()) {
            return false; // config.unknown-node-type says it; no branch rules to apply
        }
        String branch = e.branch();
        if (type.get().isTerminal()) {
            out.error("graph.terminal-has-outgoing", source.id(), path,
                    "Node '" + source.id() + "' is a " + source.type() + " node, which ends the execution, but edge "
                            + e.index() + " leaves it",
                    "Delete the edge; a " + source.type() + " node is always the last step of its path.");
            return false;
        }
        if (Edge.ERROR_BRANCH.equals(branch)) {
            return true;
        }
        Set<String> allowed = allowedBranches(type.get(), source);
        boolean ok = branch == null ? type.get().branchKind() == NodeType.BranchKind.DEFAULT : allowed.contains(branch);
        if (!ok) {
            String shown = branch == null ? "no branch" : "branch '" + branch + "'";
            // The engine takes a node's normal path from edges without a branch; "default" names a switch branch only.
            String hint = type.get().branchKind() == NodeType.BranchKind.DEFAULT
                    ? "Leave out \"branch\" for the normal path, or use \"error\" for the path taken when the node fails."
                    : "Use one of: " + String.join(", ", allowed) + ", or error.";
            out.error("graph.invalid-branch", source.id(), branch == null ? path : path.key("branch"),
                    "Edge " + e.index() + " leaves " + source.type() + " node '" + source.id() + "' on " + shown
                            + ", which that node does not have", hint);
        }
        return ok;
    }

    private static Set<String> allowedBranches(NodeType type, Node source) {
        return switch (type.branchKind()) {
            case DEFAULT -> Set.of();
            case CONDITION -> new LinkedHashSet<>(List.of("true", "false"));
            case SWITCH -> {
                Set<String> names = new LinkedHashSet<>(switchCases(source));
                names.add(NodeType.DEFAULT_BRANCH);
                yield names;
            }
            case TERMINAL -> Set.of();
        };
    }

    /** The string entries of a switch node's {@code cases}; malformed entries are config findings. */
    static List<String> switchCases(Node node) {
        JsonNode cases = ValidationContext.configOf(node).get("cases");
        List<String> names = new ArrayList<>();
        if (cases != null && cases.isArray()) {
            for (JsonNode c : cases) {
                if (c.isTextual() && !c.textValue().isEmpty()) {
                    names.add(c.textValue());
                }
            }
        }
        return names;
    }

    private static void checkBranchesCovered(List<Node> distinct, Map<Integer, Set<String>> taken, FindingCollector out) {
        for (int i = 0; i < distinct.size(); i++) {
            Node n = distinct.get(i);
            Optional<NodeType> type = ValidationContext.typeOf(n);
            if (type.isEmpty()) {
                continue;
            }
            Set<String> have = taken.getOrDefault(i, Set.of());
            if (type.get() == NodeType.CONDITION) {
                for (String b : List.of("true", "false")) {
                    if (!have.contains(b)) {
                        out.warning("graph.condition-missing-branch", n.id(), ValidationContext.pathOf(n),
                                "Condition '" + n.id() + "' has no '" + b + "' edge, so an execution where it is "
                                        + b + " stops there without a response",
                                "Add an edge with \"branch\": \"" + b + "\" from '" + n.id() + "'.");
                    }
                }
            } else if (type.get() == NodeType.SWITCH) {
                Set<String> expected = new LinkedHashSet<>(switchCases(n));
                expected.add(NodeType.DEFAULT_BRANCH);
                for (String b : expected) {
                    if (!have.contains(b)) {
                        out.warning("graph.switch-missing-branch", n.id(), ValidationContext.pathOf(n),
                                "Switch '" + n.id() + "' has no edge for '" + b + "', so an execution that takes it "
                                        + "stops there without a response",
                                "Add an edge with \"branch\": \"" + b + "\" from '" + n.id() + "'.");
                    }
                }
            }
        }
    }

    private static void checkDeadEnds(List<Node> distinct, boolean[] leavesNormally, FindingCollector out) {
        for (int i = 0; i < distinct.size(); i++) {
            Node n = distinct.get(i);
            Optional<NodeType> type = ValidationContext.typeOf(n);
            if (type.isEmpty() || type.get().isTerminal() || leavesNormally[i]) {
                continue;
            }
            out.error("graph.dead-end", n.id(), ValidationContext.pathOf(n),
                    "Node '" + n.id() + "' has no outgoing edge, so the path through it ends without respond or fail",
                    "Connect '" + n.id() + "' to the next step, or end the path with a respond or fail node.");
        }
    }

    private static void checkReachable(List<Node> distinct, List<Node> triggers, Map<String, Integer> number,
                                       List<List<Integer>> successors, FindingCollector out) {
        if (triggers.isEmpty()) {
            return; // graph.no-trigger already says why nothing runs
        }
        boolean[] reached = new boolean[distinct.size()];
        Deque<Integer> queue = new ArrayDeque<>();
        for (Node t : triggers) {
            Integer start = number.get(ValidationContext.idOf(t));
            if (start != null && !reached[start]) {
                reached[start] = true;
                queue.add(start);
            }
        }
        while (!queue.isEmpty()) {
            for (int next : successors.get(queue.poll())) {
                if (!reached[next]) {
                    reached[next] = true;
                    queue.add(next);
                }
            }
        }
        for (int i = 0; i < distinct.size(); i++) {
            Node n = distinct.get(i);
            if (!reached[i]) {
                out.error("graph.unreachable", n.id(), ValidationContext.pathOf(n),
                        "Node '" + n.id() + "' cannot be reached from the trigger, so it never runs",
                        "Connect '" + n.id() + "' with an edge from a node on the trigger's path, or delete it.");
            }
        }
    }

    /** Iterative Tarjan: every strongly connected component of more than one node is a cycle. */
    private static void checkCycles(List<Node> distinct, List<List<Integer>> successors, FindingCollector out) {
        int size = distinct.size();
        int[] index = new int[size];
        int[] low = new int[size];
        int[] edgeCursor = new int[size];
        boolean[] onStack = new boolean[size];
        Arrays.fill(index, -1);
        Deque<Integer> stack = new ArrayDeque<>();
        Deque<Integer> callStack = new ArrayDeque<>();
        int counter = 0;
        for (int root = 0; root < size; root++) {
            if (index[root] >= 0) {
                continue;
            }
            callStack.push(root);
            index[root] = low[root] = counter++;
            stack.push(root);
            onStack[root] = true;
            while (!callStack.isEmpty()) {
                int v = callStack.peek();
                List<Integer> succ = successors.get(v);
                if (edgeCursor[v] < succ.size()) {
                    int w = succ.get(edgeCursor[v]++);
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        stack.push(w);
                        onStack[w] = true;
                        callStack.push(w);
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                callStack.pop();
                if (!callStack.isEmpty()) {
                    int parent = callStack.peek();
                    low[parent] = Math.min(low[parent], low[v]);
                }
                if (low[v] == index[v]) {
                    List<Integer> component = new ArrayList<>();
                    int w;
                    do {
                        w = stack.pop();
                        onStack[w] = false;
                        component.add(w);
                    } while (w != v);
                    if (component.size() > 1) {
                        reportCycle(distinct, component, out);
                    }
                }
            }
        }
    }

    private static void reportCycle(List<Node> distinct, List<Integer> component, FindingCollector out) {
        List<Integer> ordered = component.stream().sorted().toList();
        Node first = distinct.get(ordered.get(0));
        String members = ordered.stream().map(i -> "'" + distinct.get(i).id() + "'").collect(Collectors.joining(", "));
        out.error("graph.cycle", first.id(), ValidationContext.pathOf(first),
                "Nodes " + members + " form a cycle: each can be reached again from the others",
                "Break the cycle by deleting or redirecting one of the edges between these nodes; "
                        + "use the http.request \"retry\" setting for retries.");
    }
}
