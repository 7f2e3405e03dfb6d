package com.wfp.handlers.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.access.ApiKey;
import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.access.ApiKeyService;
import com.wfp.platform.access.CreatedApiKey;
import com.wfp.platform.access.KeyPermission;
import com.wfp.platform.access.KeyScope;
import com.wfp.platform.access.NewApiKey;
import com.wfp.workflow.error.DomainException;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JSON of the key routes: what a create or rotate request holds, and how a key is shown (never its secret but once). */
final class KeyJson {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})([smhd])");

    private KeyJson() {
    }

    /** The key asked for in a create request's body, within the project of the path. */
    static NewApiKey newKey(JsonNode body, String user, String project) {
        Set<KeyPermission> permissions = EnumSet.noneOf(KeyPermission.class);
        JsonNode given = body.get("permissions");
        if (given == null || given.isNull()) {
            permissions.add(KeyPermission.INVOKE);
        } else if (!given.isArray()) {
            throw invalid("permissions", "a list such as [\"invoke\", \"read\"]");
        } else {
            for (JsonNode permission : given) {
                try {
                    permissions.add(KeyPermission.valueOf(permission.asText().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw invalid("permissions", "a list of \"invoke\" and \"read\"");
                }
            }
        }
        String environment = text(body, "environment");
        ApiKeyFormat.Environment env;
        if (environment == null || environment.equals("live")) {
            env = ApiKeyFormat.Environment.LIVE;
        } else if (environment.equals("test")) {
            env = ApiKeyFormat.Environment.TEST;
        } else {
            throw invalid("environment", "\"live\" or \"test\"");
        }
        JsonNode rate = body.get("rate");
        if (rate != null && !rate.isNull() && !rate.canConvertToInt()) {
            throw invalid("rate", "a whole number of calls per second");
        }
        return new NewApiKey(text(body, "name"), env,
                new KeyScope(user, project, text(body, "workflow"), text(body, "version"), permissions),
                duration(text(body, "expires"), "expires"), rate == null || rate.isNull() ? 0 : rate.asInt());
    }

    /** A duration such as {@code 30d}, {@code 12h}, {@code 90m} or {@code 45s}; null when not given. */
    static Duration duration(String text, String field) {
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw invalid(field, "a duration such as 30d, 12h, 90m or 45s");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    static ObjectNode key(ApiKey key) {
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("id", key.id());
        json.put("name", key.name());
        json.put("environment", key.environment().name().toLowerCase(Locale.ROOT));
        json.put("project", key.scope().user() + "/" + key.scope().project());
        json.put("workflow", key.scope().workflow());
        json.put("version", key.scope().version());
        ArrayNode permissions = json.putArray("permissions");
        key.scope().permissions().stream().map(p -> p.name().toLowerCase(Locale.ROOT)).sorted().forEach(permissions::add);
        json.put("ratePerSecond", key.ratePerSecond());
        json.put("createdBy", key.createdBy());
        json.put("createdAt", key.createdAt().toString());
        json.put("expiresAt", key.expiresAt() == null ? null : key.expiresAt().toString());
        json.put("revokedAt", key.revokedAt() == null ? null : key.revokedAt().toString());
        json.put("lastUsedAt", key.lastUsedAt() == null ? null : key.lastUsedAt().toString());
        json.put("replacedBy", key.replacedBy());
        return json;
    }

    /** A key just made: the only answer that ever carries the secret. */
    static ObjectNode created(CreatedApiKey created) {
        ObjectNode json = key(created.key());
        json.put("key", created.secret());
        json.put("shownOnce", "Store this key now: it is kept only as a hash and cannot be shown again.");
        return json;
    }

    static ObjectNode list(List<ApiKey> keys) {
        ObjectNode json = ReportJson.mapper().createObjectNode();
        ArrayNode array = json.putArray("keys");
        keys.forEach(k -> array.add(key(k)));
        return json;
    }

    /** The key with this id, when it belongs to the project of the path; else 404, saying nothing of other projects. */
    static ApiKey inProject(ApiKeyService keys, String id, String user, String project) {
        ApiKey key = keys.get(id);
        if (!key.scope().user().equals(user) || !key.scope().project().equals(project)) {
            throw DomainException.notFound("key.not-found", "There is no API key " + id + " in " + user + "/" + project,
                    "`wfp keys list --project " + user + "/" + project + "` shows the project's keys and their ids.");
        }
        return key;
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(field, "a string");
        }
        return value.asText();
    }

    private static DomainException invalid(String field, String expected) {
        return DomainException.badRequest("request.invalid-field", "'" + field + "' must be " + expected,
                "Fix '" + field + "' in the request body.");
    }
}
