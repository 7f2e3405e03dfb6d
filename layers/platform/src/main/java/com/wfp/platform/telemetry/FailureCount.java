package com.wfp.platform.telemetry;

import java.time.Instant;

/**
 * How many failures of one error group started in one time bucket (shadow calls not counted).
 *
 * @param fingerprint the group
 * @param bucket      the bucket's start
 */
public record FailureCount(String fingerprint, Instant bucket, long count) {
}
