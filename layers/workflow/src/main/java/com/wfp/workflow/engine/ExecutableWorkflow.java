package com.wfp.workflow.engine;

import com.networknt.schema.JsonSchema;
import com.wfp.workflow.model.Workflow;

import java.util.List;
import java.util.Set;

/**
 * A release compiled for execution by {@link WorkflowEngine#prepare}: every expression and template
 * parsed, the input schema compiled and the graph turned into index tables. Immutable and shared
 * by all concurrent executions of the release.
 */
public final class ExecutableWorkflow {

    private final Workflow workflow;
    private final String releaseId;
    private final String version;
    private final List<CompiledNode> nodes;
    private final List<CompiledEdge> edges;
    private final int trigger;
    private final JsonSchema inputSchema;
    private final long timeoutMs;
    private final boolean readsSecrets;
    private final Set<String> credentials;

    ExecutableWorkflow(Workflow workflow, String releaseId, String version, List<CompiledNode> nodes,
                       List<CompiledEdge> edges, int trigger, JsonSchema inputSchema, long timeoutMs,
                       boolean readsSecrets, Set<String> credentials) {
        this.workflow = workflow;
        this.releaseId = releaseId;
        this.version = version;
        this.nodes = List.copyOf(nodes);
        this.edges = List.copyOf(edges);
        this.trigger = trigger;
        this.inputSchema = inputSchema;
        this.timeoutMs = timeoutMs;
        this.readsSecrets = readsSecrets;
        this.credentials = Set.copyOf(credentials);
    }

    public String releaseId() {
        return releaseId;
    }

    public String workflowId() {
        return workflow.id();
    }

    public String version() {
        return version;
    }

    public Workflow workflow() {
        return workflow;
    }

    /** The whole-execution time limit (the workflow's settings.timeoutMs, or the engine default). */
    public long timeoutMs() {
        return timeoutMs;
    }

    List<CompiledNode> nodes() {
        return nodes;
    }

    List<CompiledEdge> edges() {
        return edges;
    }

    int trigger() {
        return trigger;
    }

    JsonSchema inputSchema() {
        return inputSchema;
    }

    boolean readsSecrets() {
        return readsSecrets;
    }

    /** Names of the credentials the workflow declares; {@code $secret} reads only these. */
    Set<String> credentials() {
        return credentials;
    }
}
