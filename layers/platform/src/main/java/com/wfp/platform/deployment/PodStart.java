package com.wfp.platform.deployment;

/**
 * Whether a publish found the user's pod running. A cold start (the pod starts in the ENSURE_POD
 * step, and loads and answers its first calls with a cold JVM) takes many times as long as a warm
 * one, so the recent durations behind the estimate are kept apart for each.
 */
public enum PodStart {
    /** The pod was not running: this publish starts it. */
    COLD,
    /** The pod was running and healthy when the publish began. */
    WARM;

    /** Lower-case name, as the control API and the CLI show it. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
