package com.wfp.adapters.local.pod;

/** The two pods a user may have: production serves releases, debug runs drafts from the designer. */
enum PodKind {
    PRODUCTION("production"),
    DEBUG("debug");

    private final String label;

    PodKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
