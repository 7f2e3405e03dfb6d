package com.wfp.platform.secrets;

import java.time.Instant;

/**
 * A project secret as listings show it: its name and when it was set, never its value.
 *
 * @param name      the secret's name
 * @param updatedAt when its value was last set
 */
public record SecretSummary(String name, Instant updatedAt) {
}
