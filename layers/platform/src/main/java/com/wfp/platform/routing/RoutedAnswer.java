package com.wfp.platform.routing;

import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.release.ReleaseId;

import java.util.concurrent.CompletableFuture;

/**
 * The answer to a production call and who gave it.
 *
 * @param versionName the version name of the release that answered, for {@code X-Workflow-Version}
 * @param shadowCopy  completes when the mirrored copy of the call was answered or dropped; already
 *                    complete when the call was not mirrored
 */
public record RoutedAnswer(PodAnswer answer, ReleaseId releaseId, String versionName,
                           CompletableFuture<Void> shadowCopy) {
}
