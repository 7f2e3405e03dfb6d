package com.wfp.adapters.local.sqlite;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as the local adapters store them when SQL compares them: fixed-width UTC text with nine
 * fraction digits, so text order is time order ({@code Instant.toString} drops zero fractions,
 * and {@code 10:00:00Z} would sort after {@code 10:00:00.5Z}). {@link Instant#parse} reads them back.
 */
public final class SqliteTimes {

    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private SqliteTimes() {
    }

    /** The instant as fixed-width text. */
    public static String format(Instant instant) {
        return FIXED.format(instant);
    }
}
