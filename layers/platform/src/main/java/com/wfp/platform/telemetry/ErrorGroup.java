package com.wfp.platform.telemetry;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Every failure of one workflow that shares an {@link ErrorFingerprint}: how often, since when,
 * until when and in which releases. The release it was first seen in is where a regression came
 * from, and what to roll back from.
 *
 * @param fingerprint the group's id
 * @param pattern     the normalised message shared by the group
 * @param lastMessage the latest message as it was (masked), as an example
 * @param releases    the releases it happened in, earliest first
 */
public record ErrorGroup(String fingerprint, WorkflowRef ref, String nodeId, String code, String pattern,
                         String lastMessage, long count, Instant firstSeen, Instant lastSeen,
                         List<ReleaseOccurrences> releases) {

    /**
     * The group's occurrences in one release.
     *
     * @param firstSeen the first occurrence in this release
     */
    public record ReleaseOccurrences(ReleaseId releaseId, String version, long count, Instant firstSeen,
                                     Instant lastSeen) {
    }

    public ErrorGroup {
        releases = releases.stream().sorted(Comparator.comparing(ReleaseOccurrences::firstSeen)).toList();
    }

    /** The version the group was first seen in, or empty when no release is recorded. */
    public String firstSeenIn() {
        return releases.isEmpty() ? "" : releases.getFirst().version();
    }
}
