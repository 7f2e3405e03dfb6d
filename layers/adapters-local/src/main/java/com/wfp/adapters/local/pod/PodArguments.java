package com.wfp.adapters.local.pod;

import java.util.List;

/**
 * Translates the settings into the pod server's command-line options ({@code functions/pod},
 * {@code PodSettings.fromArgsAndEnvironment}). The token is not among them: it travels in the
 * environment, where {@code ps} does not show it.
 */
final class PodArguments {

    static final String LOOPBACK = "127.0.0.1";

    private PodArguments() {
    }

    /**
     * The pod drains in-flight executions on SIGTERM; it gets most of the stop window for that so
     * that it exits by itself before the manager kills it.
     */
    static long drainMillis(LocalPodSettings settings) {
        return Math.max(1, settings.stopTimeout().toMillis() * 4 / 5);
    }

    static List<String> of(LocalPodSettings settings, PodKey key, int port) {
        return List.of(
                "--host=" + LOOPBACK,
                "--port=" + port,
                "--name=" + key.user(),
                "--max-concurrency=" + settings.maxConcurrency(),
                "--queue-size=" + settings.queueSize(),
                "--drain-timeout-ms=" + drainMillis(settings));
    }
}
