package com.wfp.handlers.http;

import com.wfp.platform.deployment.PublishService;
import com.wfp.platform.release.DraftService;
import com.wfp.platform.release.ReleaseQueries;

import java.util.Objects;

/**
 * The domain services the control handlers call, built once by whoever hosts the handlers (the
 * local platform, or a Lambda function's composition root) and handed to each handler's
 * constructor by {@link HandlerServices}.
 *
 * @param publishing starts publishes and reports their progress
 * @param drafts     saves, reads and runs drafts
 * @param releases   lists and compares releases
 * @param urls       the production URLs the answers name
 */
public record ControlServices(PublishService publishing, DraftService drafts, ReleaseQueries releases,
                              ProductionUrls urls) {

    public ControlServices {
        Objects.requireNonNull(publishing, "publishing");
        Objects.requireNonNull(drafts, "drafts");
        Objects.requireNonNull(releases, "releases");
        Objects.requireNonNull(urls, "urls");
    }
}
