package com.wfp.handlers.http;

import com.wfp.handlers.datapath.RouteHandler;
import com.wfp.platform.release.WorkflowRef;

import java.util.function.Supplier;

/**
 * The data path's addresses of a workflow: {@code {base}/w/{user}/{project}/{workflow}} routed by
 * the traffic config, and {@code .../v/{version}} pinned to one release.
 */
public final class ProductionUrls {

    /** The data path's prefix. */
    public static final String DATA_PREFIX = "/w/";

    /**
     * The one API Gateway resource the data path is, for {@link RouteHandler}: a greedy path under
     * {@link #DATA_PREFIX}, any method.
     */
    public static final String RESOURCE = DATA_PREFIX + "{proxy+}";

    private final Supplier<String> baseUrl;

    /** @param baseUrl the public {@code https://host[:port]} the gateway serves, read on each use */
    public ProductionUrls(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The public {@code https://host[:port]} the data path is served on. */
    public String baseUrl() {
        return baseUrl.get();
    }

    public String routed(WorkflowRef ref) {
        return baseUrl.get() + DATA_PREFIX + ref.path();
    }

    public String pinned(WorkflowRef ref, String versionName) {
        return routed(ref) + "/v/" + versionName;
    }
}
