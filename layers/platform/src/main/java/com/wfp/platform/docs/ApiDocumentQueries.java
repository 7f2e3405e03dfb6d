package com.wfp.platform.docs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseListing;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.model.WorkflowParser;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The API documents of a workflow's releases: one release's by version, or every live release's
 * together. Built from the stored definitions on each call, so a document always matches what
 * the release runs.
 */
public final class ApiDocumentQueries {

    private final ReleaseQueries releases;
    private final WorkflowParser parser = new WorkflowParser();

    public ApiDocumentQueries(ReleaseQueries releases) {
        this.releases = releases;
    }

    /**
     * The document of the release named {@code version}.
     *
     * @throws DomainException 404 {@code workflow.not-found} or {@code release.version-not-found}
     */
    public ObjectNode release(WorkflowRef ref, String version, String baseUrl) {
        Release release = releases.release(ref, version);
        return ReleaseApiDocument.of(release, parser.parse(release.definition()), baseUrl);
    }

    /**
     * The document of every live release of the workflow.
     *
     * @throws DomainException 404 {@code workflow.not-found}, or {@code docs.nothing-live} when no
     *                         release takes traffic
     */
    public ObjectNode workflow(WorkflowRef ref, String baseUrl) {
        List<ReleaseListing.Entry> live = releases.listing(ref).listing().entries().stream()
                .filter(e -> e.status() == ReleaseListing.Status.LIVE)
                .sorted(Comparator.comparingInt(ReleaseListing.Entry::trafficPercent).reversed())
                .toList();
        if (live.isEmpty()) {
            throw DomainException.notFound("docs.nothing-live",
                    "Workflow " + ref + " has no live release to document",
                    "Ask for one release's document with ?version=V, or route traffic to a release first.");
        }
        List<ReleaseApiDocument.LiveRelease> documented = new ArrayList<>();
        for (ReleaseListing.Entry entry : live) {
            Release release = releases.release(ref, entry.versionName());
            documented.add(new ReleaseApiDocument.LiveRelease(release, parser.parse(release.definition()),
                    entry.trafficPercent()));
        }
        return ReleaseApiDocument.ofWorkflow(ref, documented, baseUrl);
    }

    /**
     * What publishing {@code candidateDefinition} would break for callers of the release taking
     * most traffic. Nothing to compare (no live release, or a candidate that does not parse, which
     * the publish itself then refuses) is an empty report.
     */
    public ContractReport contractCheck(WorkflowRef ref, String candidateDefinition) {
        ReleaseQueries.Listing listing;
        Workflow candidate;
        try {
            listing = releases.listing(ref);
            candidate = parser.parse(candidateDefinition);
        } catch (DomainException nothingToCompare) {
            return ContractReport.NONE;
        }
        List<ReleaseListing.Entry> live = listing.listing().entries().stream()
                .filter(e -> e.status() == ReleaseListing.Status.LIVE)
                .sorted(Comparator.comparingInt(ReleaseListing.Entry::trafficPercent).reversed())
                .toList();
        if (live.isEmpty()) {
            return ContractReport.NONE;
        }
        Release current = releases.release(ref, live.getFirst().versionName());
        List<ContractCheck.ContractBreak> breaks = ContractCheck.between(parser.parse(current.definition()), candidate);
        return new ContractReport(current.versionName(), breaks,
                breaks.isEmpty() ? listing.suggested().recommended() : listing.suggested().major());
    }

    /**
     * The contract check of a publish.
     *
     * @param liveVersion      the release compared against, null when nothing is live
     * @param breaks           each break, empty when callers need not change
     * @param suggestedVersion the version to publish as: the next major when anything breaks
     */
    public record ContractReport(String liveVersion, List<ContractCheck.ContractBreak> breaks, String suggestedVersion) {

        static final ContractReport NONE = new ContractReport(null, List.of(), null);

        public ContractReport {
            breaks = List.copyOf(breaks);
        }
    }
}
