package com.wfp.handlers.http;

/** A request path as an error message may quote it: printable, and short enough that an answer never grows with it. */
public final class PathText {

    /** Longest part of a path an error message repeats. */
    public static final int MAX_QUOTED = 200;

    private PathText() {
    }

    /** The path with anything unprintable replaced by {@code ?}, cut at {@link #MAX_QUOTED} characters. */
    public static String abbreviated(String path) {
        if (path == null) {
            return "";
        }
        String cut = path.length() > MAX_QUOTED ? path.substring(0, MAX_QUOTED) : path;
        String printable = cut.replaceAll("[^\\x20-\\x7E]", "?");
        return path.length() > MAX_QUOTED ? printable + "... (" + path.length() + " characters)" : printable;
    }
}
