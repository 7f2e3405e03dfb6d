package com.wfp.handlers.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A route path such as {@code /api/v1/workflows/{workflow}/releases}: literal segments match
 * exactly, {@code {name}} segments match any one non-empty segment and become a path parameter,
 * as API Gateway does for its resource paths.
 */
public final class PathTemplate {

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final String template;
    private final List<String> segments;

    private PathTemplate(String template, List<String> segments) {
        this.template = template;
        this.segments = segments;
    }

    public static PathTemplate of(String template) {
        Objects.requireNonNull(template, "template");
        if (!template.startsWith("/") || template.length() > 1 && template.endsWith("/")) {
            throw new IllegalArgumentException("A path template starts with '/' and does not end with one: " + template);
        }
        List<String> segments = split(template);
        for (String segment : segments) {
            boolean braces = segment.contains("{") || segment.contains("}");
            if (braces && !PARAMETER.matcher(segment).matches()) {
                throw new IllegalArgumentException("A path parameter fills a whole segment, as {name}: " + template);
            }
        }
        return new PathTemplate(template, List.copyOf(segments));
    }

    public String template() {
        return template;
    }

    /** The names of the path parameters, in order. */
    public List<String> parameterNames() {
        return segments.stream().filter(PathTemplate::isParameter).map(PathTemplate::name).toList();
    }

    /** The path parameters when {@code path} matches this template. */
    public Optional<Map<String, String>> match(String path) {
        List<String> actual = split(path);
        if (actual.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            String given = actual.get(i);
            if (isParameter(expected)) {
                if (given.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(name(expected), given);
            } else if (!expected.equals(given)) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        if (path.equals("/")) {
            return parts;
        }
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        // A trailing slash is a different path, as on API Gateway: keep the empty last segment.
        for (String part : trimmed.split("/", -1)) {
            parts.add(part);
        }
        return parts;
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{");
    }

    private static String name(String segment) {
        return segment.substring(1, segment.length() - 1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PathTemplate that && template.equals(that.template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }

    @Override
    public String toString() {
        return template;
    }
}
