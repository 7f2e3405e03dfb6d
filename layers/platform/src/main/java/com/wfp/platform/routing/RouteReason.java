package com.wfp.platform.routing;

/** Why a call went to the release it went to, in the order the rules are tried. */
public enum RouteReason {
    /** The URL named the version: {@code /w/{user}/{project}/{workflow}/v/{version}}. */
    PINNED,
    /** The {@code X-Workflow-Version} request header named the version. */
    HEADER,
    /** The caller's sticky key (API key id or configured header value) chose the release. */
    STICKY,
    /** A random draw against the weights chose the release. */
    WEIGHTED
}
