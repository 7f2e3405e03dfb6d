package com.wfp.workflow.engine;

/**
 * The compiled behaviour of one node type. {@link #start} runs on the execution's coordinating
 * thread and must not block; blocking work is handed back as {@link NodeAction.Await}.
 */
interface NodeStep {

    NodeAction start(Execution execution, CompiledNode node);

    /** Branch names the node's outgoing edges may carry besides {@code error}. */
    java.util.Set<String> branches();

    /** Whether edges without a branch name (the default branch) leave this node. */
    default boolean defaultBranch() {
        return true;
    }
}
