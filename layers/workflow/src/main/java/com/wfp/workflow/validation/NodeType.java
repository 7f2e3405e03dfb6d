package com.wfp.workflow.validation;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The node types of format 1, with the config fields each accepts and the kind of outgoing
 * branches it has. The per-field rules live in {@link ConfigChecks}; this is the shared
 * vocabulary of the graph and config checks.
 */
enum NodeType {
    TRIGGER_HTTP("trigger.http", BranchKind.DEFAULT, "method", "auth", "inputSchema", "example", "allowedOrigins"),
    TRANSFORM("transform", BranchKind.DEFAULT, "expression"),
    CONDITION("condition", BranchKind.CONDITION, "expression"),
    SWITCH("switch", BranchKind.SWITCH, "expression", "cases"),
    HTTP_REQUEST("http.request", BranchKind.DEFAULT, "method", "url", "headers", "body", "timeoutMs", "retry",
            "allowInsecureHttp"),
    DELAY("delay", BranchKind.DEFAULT, "ms"),
    MERGE("merge", BranchKind.DEFAULT),
    RESPOND("respond", BranchKind.TERMINAL, "status", "headers", "body", "schema"),
    FAIL("fail", BranchKind.TERMINAL, "status", "message");

    /** How a node of a type may leave: which {@code branch} values its outgoing edges may carry. */
    enum BranchKind {
        /** No branch (the normal path), plus {@code error}. */
        DEFAULT,
        /** {@code true} and {@code false}, plus {@code error}. */
        CONDITION,
        /** Each case name and {@code default}, plus {@code error}. */
        SWITCH,
        /** No outgoing edges at all. */
        TERMINAL
    }

    static final String DEFAULT_BRANCH = "default";

    private static final Map<String, NodeType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(NodeType::wireName, Function.identity()));

    /** Type names in the order the format lists them, for messages. */
    static final List<String> WIRE_NAMES = Arrays.stream(values()).map(NodeType::wireName).toList();

    private final String wireName;
    private final BranchKind branchKind;
    private final Set<String> fields;

    NodeType(String wireName, BranchKind branchKind, String... fields) {
        this.wireName = wireName;
        this.branchKind = branchKind;
        this.fields = Set.of(fields);
    }

    static Optional<NodeType> of(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_WIRE_NAME.get(wireName));
    }

    String wireName() {
        return wireName;
    }

    BranchKind branchKind() {
        return branchKind;
    }

    /** The config fields this type reads; anything else is a likely typo. */
    Set<String> fields() {
        return fields;
    }

    boolean isTerminal() {
        return branchKind == BranchKind.TERMINAL;
    }
}
