package com.wfp.workflow.validation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JSON path into the workflow document, built by appending keys and indexes. Appending is
 * O(1) (each path points at its parent), so walking a large document stays linear.
 *
 * <p>Paths order findings. The order must not depend on the key order of the document (two
 * documents that differ only in key order must give equal reports), so object keys compare by a
 * fixed rank for the well-known fields and alphabetically otherwise; array indexes compare
 * numerically.
 */
final class JsonPath implements Comparable<JsonPath> {

    static final JsonPath ROOT = new JsonPath(null, null, -1);

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Well-known keys in the order a reader meets them in a typical document. */
    private static final Map<String, Integer> KEY_RANK = Map.ofEntries(
            Map.entry("format", 0), Map.entry("id", 1), Map.entry("name", 2), Map.entry("description", 3),
            Map.entry("type", 4), Map.entry("nodes", 5), Map.entry("edges", 6), Map.entry("from", 7),
            Map.entry("to", 8), Map.entry("branch", 9), Map.entry("credentials", 10), Map.entry("config", 11),
            Map.entry("settings", 12));

    private final JsonPath parent;
    private final String key;
    private final int index;
    private final int depth;

    private JsonPath(JsonPath parent, String key, int index) {
        this.parent = parent;
        this.key = key;
        this.index = index;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    JsonPath key(String name) {
        return new JsonPath(this, name, -1);
    }

    JsonPath index(int i) {
        return new JsonPath(this, null, i);
    }

    /** Shorthand for a chain of keys: {@code path.keys("config", "retry")}. */
    JsonPath keys(String... names) {
        JsonPath p = this;
        for (String n : names) {
            p = p.key(n);
        }
        return p;
    }

    /** The last key of this path, or null when it ends with an index or is the root. */
    String lastKey() {
        return key;
    }

    JsonPath parent() {
        return parent;
    }

    static JsonPath node(int index) {
        return ROOT.key("nodes").index(index);
    }

    static JsonPath edge(int index) {
        return ROOT.key("edges").index(index);
    }

    static JsonPath credential(int index) {
        return ROOT.key("credentials").index(index);
    }

    private List<JsonPath> segments() {
        Deque<JsonPath> out = new ArrayDeque<>(depth);
        for (JsonPath p = this; p.parent != null; p = p.parent) {
            out.addFirst(p);
        }
        return List.copyOf(out);
    }

    @Override
    public int compareTo(JsonPath other) {
        List<JsonPath> a = segments();
        List<JsonPath> b = other.segments();
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compareSegment(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareSegment(JsonPath x, JsonPath y) {
        boolean xIndex = x.key == null;
        boolean yIndex = y.key == null;
        if (xIndex && yIndex) {
            return Integer.compare(x.index, y.index);
        }
        if (xIndex != yIndex) {
            return xIndex ? -1 : 1;
        }
        int rx = KEY_RANK.getOrDefault(x.key, Integer.MAX_VALUE);
        int ry = KEY_RANK.getOrDefault(y.key, Integer.MAX_VALUE);
        return rx != ry ? Integer.compare(rx, ry) : x.key.compareTo(y.key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPath p && toString().equals(p.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** {@code $.nodes[2].config.headers['X-Api-Key']}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("$");
        for (JsonPath p : segments()) {
            if (p.key == null) {
                sb.append('[').append(p.index).append(']');
            } else if (PLAIN_KEY.matcher(p.key).matches()) {
                sb.append('.').append(p.key);
            } else {
                sb.append("['").append(p.key.replace("\\", "\\\\").replace("'", "\\'")).append("']");
            }
        }
        return sb.toString();
    }
}
