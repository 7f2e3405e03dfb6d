package com.wfp.workflow.engine;

/**
 * A node ready to run: its step and its place in the graph, as edge indexes into
 * {@link ExecutableWorkflow}'s edge table.
 */
record CompiledNode(int index, String id, String type, NodeStep step, int[] incoming, int[] outgoing,
                    boolean hasErrorEdge) {

    boolean terminal() {
        return step instanceof Steps.Respond || step instanceof Steps.Fail;
    }
}
