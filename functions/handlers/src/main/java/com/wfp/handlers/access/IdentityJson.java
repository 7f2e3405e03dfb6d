package com.wfp.handlers.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.PathText;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.identity.CreatedToken;
import com.wfp.platform.identity.IdentityService;
import com.wfp.platform.identity.Membership;
import com.wfp.platform.identity.Person;
import com.wfp.platform.identity.PersonalAccessToken;
import com.wfp.workflow.error.DomainException;

import java.time.Duration;

/** The JSON of people, tokens, projects and members, and the checks of their request bodies. */
final class IdentityJson {

    private IdentityJson() {
    }

    static ObjectNode person(Person person) {
        return ReportJson.mapper().createObjectNode().put("id", person.id()).put("name", person.name())
                .put("createdAt", person.createdAt().toString());
    }

    /** A token as listed: never the token itself. */
    static ObjectNode token(PersonalAccessToken token) {
        ObjectNode json = ReportJson.mapper().createObjectNode().put("id", token.id()).put("person", token.person())
                .put("name", token.name()).put("createdAt", token.createdAt().toString());
        json.put("expiresAt", token.expiresAt() == null ? null : token.expiresAt().toString());
        json.put("revokedAt", token.revokedAt() == null ? null : token.revokedAt().toString());
        json.put("state", token.revokedAt() != null ? "revoked"
                : token.activeAt(java.time.Instant.now()) ? "active" : "expired");
        return json;
    }

    /** A token just made: the one answer that holds it. */
    static ObjectNode created(CreatedToken created) {
        ObjectNode json = token(created.token());
        json.put("token", created.secret());
        return json;
    }

    static ObjectNode project(IdentityService.ProjectView view) {
        return ReportJson.mapper().createObjectNode().put("user", view.project().ref().user())
                .put("project", view.project().ref().project()).put("owner", view.project().owner())
                .put("role", view.role().label()).put("createdAt", view.project().createdAt().toString());
    }

    static ObjectNode member(Membership m) {
        return ReportJson.mapper().createObjectNode().put("person", m.person()).put("role", m.role().label())
                .put("addedBy", m.addedBy()).put("addedAt", m.addedAt().toString());
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw DomainException.badRequest("request.invalid-field", "The field '" + field + "' must be a string",
                    "Send \"" + field + "\": \"...\".");
        }
        return value.asText();
    }

    /** A lifetime such as {@code 30d}, {@code 12h} or {@code 90m}; null when absent. */
    static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})([dhm])").matcher(text.strip());
        if (!m.matches()) {
            throw DomainException.badRequest("identity.invalid-expiry", "'" + PathText.abbreviated(text)
                    + "' is not a lifetime", "Give expires such as 30d, 12h or 90m.");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
