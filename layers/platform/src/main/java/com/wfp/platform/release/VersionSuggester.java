package com.wfp.platform.release;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Suggests the next version name from the names a workflow already has. With a semver-looking
 * latest name ({@code v1.4.2}, {@code 2.0.0}, {@code v1.3}, {@code v1.0.0-rc1}) it offers the next
 * patch, minor and major, keeping the {@code v} prefix or its absence. Without releases it offers
 * {@code v1.0.0}. After a whole number ({@code v1}, {@code 3}) it offers the next one ({@code v2}),
 * and {@code v1.1} as the minor step. When no name looks like either it offers {@code <latest>-2} (or
 * {@code -N+1} when the latest already ends in {@code -N}). A suggestion is never a name already taken.
 */
public final class VersionSuggester {

    private static final Pattern SEMVER = Pattern.compile("([vV]?)(\\d{1,9})\\.(\\d{1,9})(?:\\.(\\d{1,9}))?([-+][0-9A-Za-z.+-]*)?");
    private static final Pattern NUMBERED = Pattern.compile("(.*)-(\\d{1,9})");
    /** A bare number with an optional {@code v}: {@code v1}, {@code 3}. */
    private static final Pattern WHOLE = Pattern.compile("([vV]?)(\\d{1,9})");
    /** The first version name offered. */
    public static final String FIRST_VERSION = "v1.0.0";

    /**
     * The suggestions.
     *
     * @param recommended the one to prefill: the next patch, or the fallback
     * @param patch       next patch version (same as recommended when no semver name exists)
     * @param minor       next minor version
     * @param major       next major version
     */
    public record Suggestion(String recommended, String patch, String minor, String major) {
    }

    private VersionSuggester() {
    }

    /**
     * Suggestions after these version names, given newest first (as {@code ReleaseStore.releases}
     * lists them). The newest semver-looking name is the base.
     */
    public static Suggestion suggest(List<String> versionNamesNewestFirst) {
        Set<String> taken = new HashSet<>(versionNamesNewestFirst);
        if (versionNamesNewestFirst.isEmpty()) {
            return new Suggestion(FIRST_VERSION, FIRST_VERSION, "v1.1.0", "v2.0.0");
        }
        for (String name : versionNamesNewestFirst) {
            Matcher whole = WHOLE.matcher(name);
            if (whole.matches()) {
                // A scheme of whole numbers goes on with whole numbers: v1 -> v2 (v1.1 for a minor step).
                String prefix = whole.group(1);
                long number = Long.parseLong(whole.group(2));
                long next = number + 1;
                while (taken.contains(prefix + next)) {
                    next++;
                }
                String minor = free(taken, prefix, number, 1);
                return new Suggestion(prefix + next, prefix + next, minor, prefix + next);
            }
            Matcher m = SEMVER.matcher(name);
            if (m.matches()) {
                String prefix = m.group(1);
                long major = Long.parseLong(m.group(2));
                long minor = Long.parseLong(m.group(3));
                long patch = m.group(4) == null ? 0 : Long.parseLong(m.group(4));
                String nextPatch = free(taken, prefix, major, minor, patch + 1, Bump.PATCH);
                String nextMinor = free(taken, prefix, major, minor + 1, 0, Bump.MINOR);
                String nextMajor = free(taken, prefix, major + 1, 0, 0, Bump.MAJOR);
                return new Suggestion(nextPatch, nextPatch, nextMinor, nextMajor);
            }
        }
        String next = numbered(versionNamesNewestFirst.getFirst(), taken);
        return new Suggestion(next, next, next, next);
    }

    /** The recommended next name after these names (newest first). */
    public static String next(Collection<String> versionNamesNewestFirst) {
        return suggest(List.copyOf(versionNamesNewestFirst)).recommended();
    }

    private enum Bump { PATCH, MINOR, MAJOR }

    private static String free(Set<String> taken, String prefix, long major, long minor, long patch, Bump bump) {
        String candidate = prefix + major + "." + minor + "." + patch;
        while (taken.contains(candidate)) {
            switch (bump) {
                case PATCH -> patch++;
                case MINOR -> minor++;
                case MAJOR -> major++;
            }
            candidate = prefix + major + "." + minor + "." + patch;
        }
        return candidate;
    }

    /** The first free {@code <prefix><major>.<minor>} from this minor on. */
    private static String free(Set<String> taken, String prefix, long major, long minor) {
        String candidate = prefix + major + "." + minor;
        while (taken.contains(candidate)) {
            minor++;
            candidate = prefix + major + "." + minor;
        }
        return candidate;
    }

    private static String numbered(String latest, Set<String> taken) {
        Matcher m = NUMBERED.matcher(latest);
        String base = m.matches() ? m.group(1) : latest;
        long n = m.matches() ? Long.parseLong(m.group(2)) + 1 : 2;
        String candidate;
        do {
            String suffix = "-" + n;
            String head = base.length() + suffix.length() > 64 ? base.substring(0, 64 - suffix.length()) : base;
            candidate = head + suffix;
            n++;
        } while (taken.contains(candidate));
        return candidate;
    }
}
