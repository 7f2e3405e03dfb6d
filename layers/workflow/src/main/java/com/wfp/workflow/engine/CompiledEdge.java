package com.wfp.workflow.engine;

/** An edge between compiled nodes; {@code branch} null is the default branch. */
record CompiledEdge(int index, int from, int to, String branch) {

    boolean isError() {
        return "error".equals(branch);
    }
}
