package com.wfp.platform.release;

import com.wfp.platform.port.DraftStore;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.RoutingStore;
import com.wfp.workflow.error.DomainException;

import java.util.List;

/**
 * Read-only questions about a workflow's releases: the listing the publish panel shows (with the
 * version to suggest next) and the node-level difference between two versions.
 */
public final class ReleaseQueries {

    /**
     * The publish panel's listing.
     *
     * @param listing   the draft entry, then every release newest first
     * @param suggested the version names to offer for the next publish
     */
    public record Listing(ReleaseListing listing, VersionSuggester.Suggestion suggested) {
    }

    private final DraftStore draftStore;
    private final ReleaseCatalogue catalogue;
    private final RoutingStore routingStore;

    public ReleaseQueries(DraftStore draftStore, ReleaseCatalogue catalogue, RoutingStore routingStore) {
        this.draftStore = draftStore;
        this.catalogue = catalogue;
        this.routingStore = routingStore;
    }

    /**
     * The workflow's listing.
     *
     * @throws DomainException 404 {@code workflow.not-found} when it has neither a draft nor a release
     */
    public Listing listing(WorkflowRef ref) {
        ReleaseListing listing = ReleaseListing.load(draftStore, catalogue, routingStore, ref);
        if (listing.entries().isEmpty()) {
            throw unknownWorkflow(ref);
        }
        List<String> names = listing.entries().stream()
                .filter(e -> e.versionName() != null).map(ReleaseListing.Entry::versionName).toList();
        return new Listing(listing, VersionSuggester.suggest(names));
    }

    /**
     * Checks that the workflow was ever saved, published or routed, so that a read of its traffic or telemetry
     * under a mistyped name says so instead of answering with nothing: cheap for a known workflow (its routing,
     * then its draft), and the release listing only for one with neither.
     *
     * @throws DomainException 404 {@code workflow.not-found} when it has no routing, no draft and no release
     */
    public void requireKnown(WorkflowRef ref) {
        if (routingStore.routing(ref).revision() == 0 && draftStore.draft(ref).isEmpty() && catalogue.releases(ref).isEmpty()) {
            throw unknownWorkflow(ref);
        }
    }

    /**
     * What changed from version {@code from} to version {@code to}.
     *
     * @throws DomainException 404 {@code workflow.not-found} or {@code release.version-not-found}
     */
    public ReleaseDiff diff(WorkflowRef ref, String from, String to) {
        return ReleaseDiff.between(release(ref, from), release(ref, to));
    }

    /**
     * What the saved draft changes from version {@code from}: the publish dialog's diff from live.
     *
     * @throws DomainException 404 {@code workflow.not-found}, {@code release.version-not-found} or
     *         {@code draft.not-found}
     */
    public ReleaseDiff diffToDraft(WorkflowRef ref, String from) {
        Release before = release(ref, from);
        Draft draft = draftStore.draft(ref).orElseThrow(() -> DomainException.notFound("draft.not-found",
                "Workflow " + ref + " has no saved draft to compare with " + InputRules.abbreviate(from),
                "Save the draft first (PUT /api/v1/workflows/" + ref.path() + "/draft), or give to=VERSION."));
        return ReleaseDiff.between(before.definition(), draft.definition());
    }

    /**
     * The workflow's release with this version name.
     *
     * @throws DomainException 404 {@code workflow.not-found} or {@code release.version-not-found}
     */
    public Release release(WorkflowRef ref, String versionName) {
        return release(catalogue, ref, versionName);
    }

    /**
     * The workflow's release with this version name, for a caller that holds only the catalogue.
     *
     * @throws DomainException 404 {@code workflow.not-found} or {@code release.version-not-found}
     */
    public static Release release(ReleaseCatalogue catalogue, WorkflowRef ref, String versionName) {
        InputRules.required("version", versionName);
        return catalogue.releaseByVersion(ref, versionName).orElseThrow(() -> {
            List<String> known = catalogue.releases(ref).stream().map(Release::versionName).toList();
            if (known.isEmpty()) {
                return unknownWorkflow(ref);
            }
            return DomainException.notFound("release.version-not-found",
                    "Workflow " + ref + " has no version '" + InputRules.abbreviate(versionName) + "'; it has " + String.join(", ", known),
                    "Use one of the listed version names (GET /api/v1/workflows/" + ref.path() + "/releases).");
        });
    }

    /** The 404 for a workflow that was never saved nor published. */
    public static DomainException unknownWorkflow(WorkflowRef ref) {
        return unknownWorkflow(ref, "No workflow " + ref + " has been saved or published");
    }

    /** The same 404 and hint, with a message that says what the caller asked of the workflow. */
    public static DomainException unknownWorkflow(WorkflowRef ref, String message) {
        return DomainException.notFound("workflow.not-found", message,
                "Check the user, project and workflow names, or publish it first: wfp publish FILE --version v1.0.0 "
                        + "--workflow " + ref.path() + ".");
    }
}
