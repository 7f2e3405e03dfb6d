package com.wfp.workflow.engine;

import java.util.Map;
import java.util.concurrent.Callable;

/** What starting a node asks the execution to do next. */
sealed interface NodeAction {

    /** The node is done: record its output and follow the edges of {@code branch} (null = default edges). */
    record Continue(Object output, String branch) implements NodeAction {
    }

    /** A respond node: answer the caller. */
    record Answer(int status, Map<String, String> headers, Object body) implements NodeAction {
    }

    /** A fail node: end the execution as failed with this status and message. */
    record Stop(int status, String message) implements NodeAction {
    }

    /**
     * Blocking work (network, waiting) to run off the coordinating thread; its result is the node's
     * output and the default edges follow.
     */
    record Await(Callable<Object> work, long timeoutMs) implements NodeAction {
    }
}
