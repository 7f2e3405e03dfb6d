package com.wfp.platform.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may call a release, as its {@code trigger.http} node says: the {@code auth} mode, the
 * browser origins allowed by CORS ({@code allowedOrigins}, none unless listed) and the HTTP method.
 *
 * @param mode           how callers prove who they are
 * @param allowedOrigins exact origins such as {@code https://app.example.com}; empty for none
 * @param methods        the methods the trigger accepts, upper case; empty when the definition does not say
 */
public record TriggerAccess(AuthMode mode, List<String> allowedOrigins, Set<String> methods) {

    /** How a production caller proves who it is. */
    public enum AuthMode {
        /** Anyone may call: the trigger said {@code "auth": "none"} in so many words. */
        NONE,
        /** A JWT from the deployment's OIDC issuer. */
        TOKEN,
        /** A wfp API key whose scope covers the call. */
        API_KEY
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to require when nothing can be read: an API key. */
    public static final TriggerAccess DEFAULT = new TriggerAccess(AuthMode.API_KEY, List.of(), Set.of());

    public TriggerAccess {
        allowedOrigins = List.copyOf(allowedOrigins);
        methods = Set.copyOf(methods);
    }

    /** Rules without a method of their own: any method passes. */
    public TriggerAccess(AuthMode mode, List<String> allowedOrigins) {
        this(mode, allowedOrigins, Set.of());
    }

    /**
     * Reads the access rules of a release's definition. A definition without a readable
     * {@code auth} needs an API key: only an explicit {@code none} opens a workflow.
     */
    public static TriggerAccess of(String definition) {
        JsonNode root;
        try {
            root = JSON.readTree(definition);
        } catch (IOException e) {
            return DEFAULT;
        }
        for (JsonNode node : root.path("nodes")) {
            if ("trigger.http".equals(node.path("type").asText())) {
                JsonNode config = node.path("config");
                List<String> origins = new ArrayList<>();
                for (JsonNode origin : config.path("allowedOrigins")) {
                    if (origin.isTextual()) {
                        origins.add(origin.asText().toLowerCase(Locale.ROOT));
                    }
                }
                AuthMode mode = switch (config.path("auth").asText("")) {
                    case "none" -> AuthMode.NONE;
                    case "token" -> AuthMode.TOKEN;
                    default -> AuthMode.API_KEY;
                };
                String method = config.path("method").asText("").strip().toUpperCase(Locale.ROOT);
                return new TriggerAccess(mode, origins, method.isEmpty() ? Set.of() : Set.of(method));
            }
        }
        return DEFAULT;
    }

    /**
     * The rules for a URL several releases may serve: the strictest mode any of them asks for
     * (an API key over a token over none), only the origins every one of them allows, and the
     * methods any of them accepts (a release moving a trigger from POST to GET serves both while
     * both are live).
     */
    public TriggerAccess and(TriggerAccess other) {
        AuthMode stricter = mode.compareTo(other.mode) >= 0 ? mode : other.mode;
        Set<String> either = methods.isEmpty() || other.methods.isEmpty() ? Set.of() : union(methods, other.methods);
        return new TriggerAccess(stricter, allowedOrigins.stream().filter(other.allowedOrigins::contains).toList(), either);
    }

    /** True when the trigger accepts this method (or does not say which it accepts). */
    public boolean allowsMethod(String method) {
        return methods.isEmpty() || method != null && methods.contains(method.toUpperCase(Locale.ROOT));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** True when a browser at {@code origin} may call. */
    public boolean allowsOrigin(String origin) {
        return origin != null && allowedOrigins.contains(origin.toLowerCase(Locale.ROOT));
    }
}
