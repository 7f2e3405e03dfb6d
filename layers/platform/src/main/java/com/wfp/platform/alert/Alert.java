package com.wfp.platform.alert;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;

import java.time.Instant;

/**
 * An alert of one workflow: fired when a rule's condition held, resolved when it stopped. At most
 * one alert of a kind fires for a workflow at once; a condition that keeps holding keeps that one.
 *
 * @param id         {@code alr_} and a sequence number
 * @param releaseId  the release the condition was seen on, or null (pod down, no calls)
 * @param version    that release's version name, or empty
 * @param reason     which threshold, with the figure that crossed it
 * @param resolvedAt null while it fires
 * @param resolution why it resolved, or empty while it fires
 */
public record Alert(String id, WorkflowRef ref, AlertKind kind, ReleaseId releaseId, String version, String reason,
                    Instant firedAt, Instant resolvedAt, String resolution) {

    public Alert {
        InputRules.required("id", id);
        InputRules.required("workflow", ref);
        InputRules.required("kind", kind);
        InputRules.required("fired at", firedAt);
        version = version == null ? "" : version;
        reason = reason == null ? "" : reason;
        resolution = resolution == null ? "" : resolution;
    }

    public boolean firing() {
        return resolvedAt == null;
    }

    /** {@code firing} or {@code resolved}. */
    public String state() {
        return firing() ? "firing" : "resolved";
    }
}
