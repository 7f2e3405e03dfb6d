package com.wfp.platform.alert;

import java.util.Locale;

/** What an alert watches; each kind has at most one firing alert per workflow. */
public enum AlertKind {
    /** A release's error rate over the rule's percentage for its window. */
    ERROR_RATE,
    /** A release's p95 latency over the rule's milliseconds for its window. */
    P95_LATENCY,
    /** The workflow's production pod does not answer while the workflow serves traffic. */
    POD_DOWN,
    /** No calls at all for the rule's window, when calls are expected. */
    NO_CALLS;

    /** The name in JSON and on the command line: {@code error_rate}, {@code pod_down}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
