package com.wfp.platform.traffic;

import com.wfp.platform.release.Release;

/**
 * Where a rollback without a named version sends all traffic, and why that release.
 *
 * @param release the release that served before the last change still in effect
 * @param reason  a sentence naming it and the change it undoes, for people deciding whether to go ahead
 */
public record RollbackTarget(Release release, String reason) {
}
