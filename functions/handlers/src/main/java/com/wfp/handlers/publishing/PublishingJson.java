package com.wfp.handlers.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.deployment.DeploymentStatus;
import com.wfp.platform.deployment.StepRecord;
import com.wfp.platform.port.DraftRunner;
import com.wfp.platform.release.DraftService;
import com.wfp.platform.release.ReleaseDiff;
import com.wfp.platform.release.ReleaseListing;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * The JSON shapes of the publishing answers (drafts, deployments, releases, diffs), in one place,
 * so that the control API, its event stream and {@code wfp ... --json} print the same documents.
 * Enum values are lower case; instants are ISO-8601 text.
 */
public final class PublishingJson {

    private PublishingJson() {
    }

    /** {@code {"deploymentId","state","statusUrl","eventsUrl"}}: the 202 of a publish. */
    public static ObjectNode accepted(Deployment deployment) {
        ObjectNode json = object();
        json.put("deploymentId", deployment.id().value());
        json.put("state", text(deployment.state()));
        json.put("statusUrl", statusPath(deployment));
        json.put("eventsUrl", statusPath(deployment) + "/events");
        return json;
    }

    /** A deployment's progress, failure and (once succeeded) its production URLs. */
    public static ObjectNode status(DeploymentStatus status, ProductionUrls urls) {
        Deployment d = status.deployment();
        ObjectNode json = object();
        json.put("deploymentId", d.id().value());
        json.put("workflow", d.ref().path());
        json.put("version", d.versionName());
        json.put("strategy", d.strategy().text());
        json.put("state", text(d.state()));
        json.put("currentStep", text(status.currentStep()));
        json.put("percentDone", status.percentDone());
        json.put("etaMs", status.etaMs());
        json.put("podStart", status.podStart().text());
        json.put("releaseId", d.releaseId() == null ? null : d.releaseId().value());
        json.put("createdBy", d.createdBy());
        json.put("createdAt", instant(d.createdAt()));
        ArrayNode steps = json.putArray("steps");
        for (StepRecord step : d.steps()) {
            ObjectNode s = steps.addObject();
            s.put("step", text(step.step()));
            s.put("startedAt", instant(step.startedAt()));
            s.put("endedAt", instant(step.endedAt()));
            s.put("outcome", text(step.outcome()));
            if (step.endedAt() != null) {
                s.put("durationMs", step.duration().toMillis());
            }
            if (step.error() != null) {
                s.put("error", step.error());
            }
        }
        if (d.failure() != null) {
            json.set("failure", failure(d.failure()));
        }
        if (d.state() == DeploymentState.SUCCEEDED) {
            json.put("productionUrl", urls.routed(d.ref()));
            json.put("pinnedUrl", urls.pinned(d.ref(), d.versionName()));
        }
        return json;
    }

    /** The publish panel's listing: the draft first, then each release, the suggested version and the URL. */
    public static ObjectNode listing(ReleaseQueries.Listing listing, ProductionUrls urls) {
        WorkflowRef ref = listing.listing().ref();
        ObjectNode json = object();
        json.put("workflow", ref.path());
        json.put("productionUrl", urls.routed(ref));
        json.put("suggestedVersion", listing.suggested().recommended());
        ObjectNode suggestions = json.putObject("suggestions");
        suggestions.put("patch", listing.suggested().patch());
        suggestions.put("minor", listing.suggested().minor());
        suggestions.put("major", listing.suggested().major());
        ArrayNode entries = json.putArray("entries");
        for (ReleaseListing.Entry e : listing.listing().entries()) {
            ObjectNode entry = entries.addObject();
            entry.put("state", text(e.status()));
            if (e.status() == ReleaseListing.Status.DRAFT) {
                entry.put("differsFromLive", e.differsFromLive());
                entry.put("sha256", e.sha256());
                entry.put("savedBy", e.by());
                entry.put("savedAt", instant(e.at()));
                continue;
            }
            entry.put("seq", e.seq());
            entry.put("version", e.versionName());
            entry.put("releaseId", e.releaseId().value());
            entry.put("notes", e.notes());
            entry.put("sha256", e.sha256());
            entry.put("createdBy", e.by());
            entry.put("createdAt", instant(e.at()));
            entry.put("trafficPercent", e.trafficPercent());
            entry.put("shadow", e.shadow());
            entry.put("pinnedUrl", urls.pinned(ref, e.versionName()));
        }
        return json;
    }

    /** The node-level difference between two versions. */
    public static ObjectNode diff(WorkflowRef ref, String from, String to, ReleaseDiff diff) {
        ObjectNode json = object();
        json.put("workflow", ref.path());
        json.put("from", from);
        json.put("to", to);
        json.put("identical", diff.isEmpty());
        json.setAll((ObjectNode) ReportJson.mapper().valueToTree(diff));
        return json;
    }

    /** {@code {"sha256","savedAt","differsFromLive"}}, plus the definition when {@code withDefinition}. */
    public static ObjectNode draft(DraftService.Saved saved, boolean withDefinition) {
        ObjectNode json = object();
        json.put("workflow", saved.draft().ref().path());
        json.put("sha256", saved.draft().sha256());
        json.put("savedBy", saved.draft().savedBy());
        json.put("savedAt", instant(saved.draft().savedAt()));
        json.put("differsFromLive", saved.differsFromLive());
        if (withDefinition) {
            json.set("definition", parse(saved.draft().definition()));
        }
        return json;
    }

    /** {@code {"status","body","trace","pod":{"kind","pid"}}} of a draft run. */
    public static ObjectNode draftRun(DraftRunner.Result result) {
        ObjectNode json = object();
        json.put("status", result.status());
        json.set("body", parse(result.body()));
        json.set("trace", result.traceJson() == null ? null : parse(result.traceJson()));
        ObjectNode pod = json.putObject("pod");
        pod.put("kind", result.podKind());
        pod.put("pid", result.podPid());
        return json;
    }

    private static ObjectNode failure(DeploymentFailure failure) {
        ObjectNode json = object();
        json.put("step", text(failure.step()));
        json.put("code", failure.code());
        json.put("message", failure.message());
        json.put("hint", failure.hint());
        if (failure.details() != null) {
            json.set("details", parse(failure.details()));
        }
        return json;
    }

    private static String statusPath(Deployment deployment) {
        return ControlRoutes.API_PREFIX + "/deployments/" + deployment.id().value();
    }

    /** JSON text as a tree; text that is not JSON stays a string. */
    private static JsonNode parse(String text) {
        if (text == null || text.isEmpty()) {
            return ReportJson.mapper().nullNode();
        }
        try {
            return ReportJson.mapper().readTree(text);
        } catch (IOException e) {
            return ReportJson.mapper().getNodeFactory().textNode(text);
        }
    }

    private static ObjectNode object() {
        return ReportJson.mapper().createObjectNode();
    }

    private static String text(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    private static String instant(Instant at) {
        return at == null ? null : at.toString();
    }
}
