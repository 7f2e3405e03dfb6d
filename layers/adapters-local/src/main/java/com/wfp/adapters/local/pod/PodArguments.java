package com.wfp.adapters.local.pod;

import java.util.List;
import java.util.Map;

/** Translates the settings into what the pod server reads at start: its arguments and environment. */
final class PodArguments {

    static final String LOOPBACK = "127.0.0.1";

    private PodArguments() {
    }

    static List<String> of(LocalPodSettings settings, PodKey key, int port) {
        return List.of();
    }

    static Map<String, String> environment(LocalPodSettings settings, PodKey key, int port) {
        return Map.of(
                "WFP_POD_BIND", LOOPBACK,
                "WFP_POD_PORT", Integer.toString(port),
                "WFP_POD_MAX_CONCURRENCY", Integer.toString(settings.maxConcurrency()),
                "WFP_POD_QUEUE_SIZE", Integer.toString(settings.queueSize()),
                "WFP_POD_USER", key.user(),
                "WFP_POD_KIND", key.kind().label());
    }
}
