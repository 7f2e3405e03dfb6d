package com.wfp.adapters.local.pod;

/** Identifies one pod: a user's production or debug pod. */
record PodKey(String user, PodKind kind) {

    @Override
    public String toString() {
        return kind.label() + " pod of " + user;
    }
}
