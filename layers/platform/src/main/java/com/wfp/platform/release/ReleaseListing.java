package com.wfp.platform.release;

import com.wfp.platform.port.DraftStore;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.routing.RoutableReleases;
import com.wfp.platform.routing.RoutingConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The versions view of one workflow: the draft first (when there is one), then every release
 * newest first, each marked live (with its traffic share), staged (routed at 0%), retired (no
 * longer routed) or failed (its deployment never passed), so the designer can tell development
 * work from what production serves.
 *
 * @param ref     the workflow
 * @param entries the draft entry, then the releases newest first
 */
public record ReleaseListing(WorkflowRef ref, List<Entry> entries) {

    /** How an entry relates to production. */
    public enum Status {
        /** The working copy; never serves traffic. */
        DRAFT,
        /** A release receiving traffic. */
        LIVE,
        /** A release routed at 0%: loaded and reachable by its pinned URL only. */
        STAGED,
        /** A release that passed its deployment and is no longer routed. */
        RETIRED,
        /**
         * A release whose deployment did not pass (load, health check or dry run failed, or it
         * is still running): it can never be routed, and its version name stays taken.
         */
        FAILED
    }

    /**
     * One line of the view.
     *
     * @param status          draft, live, staged, retired or failed
     * @param releaseId       the release, null for the draft
     * @param seq             the release's sequence number, 0 for the draft
     * @param versionName     the release's name, null for the draft
     * @param notes           the release notes, empty for the draft
     * @param sha256          the definition's fingerprint
     * @param by              who published or saved it
     * @param at              when
     * @param trafficPercent  share of unpinned traffic, 0 unless live
     * @param shadow          true when this release receives mirrored traffic
     * @param differsFromLive for the draft: true when it differs from the release taking most
     *                        traffic (or nothing is live); false for releases
     */
    public record Entry(Status status, ReleaseId releaseId, long seq, String versionName, String notes, String sha256,
                        String by, Instant at, int trafficPercent, boolean shadow, boolean differsFromLive) {
    }

    public ReleaseListing {
        entries = List.copyOf(entries);
    }

    /**
     * Builds the view from the workflow's draft, its releases (newest first), its routing and the
     * releases that passed their deployment.
     */
    public static ReleaseListing of(WorkflowRef ref, Optional<Draft> draft, List<Release> releasesNewestFirst,
                                    RoutingConfig routing, RoutableReleases routable) {
        List<Entry> entries = new ArrayList<>();
        Optional<ReleaseId> live = routing.mostTraffic();
        draft.ifPresent(d -> {
            Optional<String> liveSha = live.flatMap(id -> releasesNewestFirst.stream()
                    .filter(r -> r.id().equals(id)).findFirst()).map(Release::sha256);
            boolean differs = liveSha.map(sha -> !sha.equals(d.sha256())).orElse(true);
            entries.add(new Entry(Status.DRAFT, null, 0, null, "", d.sha256(), d.savedBy(), d.savedAt(), 0, false, differs));
        });
        for (Release r : releasesNewestFirst) {
            Optional<Integer> weight = routing.weightOf(r.id());
            Status status = weight.map(w -> w > 0 ? Status.LIVE : Status.STAGED)
                    .orElse(routable.routable(r.id()) ? Status.RETIRED : Status.FAILED);
            boolean shadow = routing.shadow() != null && routing.shadow().releaseId().equals(r.id());
            entries.add(new Entry(status, r.id(), r.seq(), r.versionName(), r.notes(), r.sha256(), r.createdBy(),
                    r.createdAt(), weight.orElse(0), shadow, false));
        }
        return new ReleaseListing(ref, entries);
    }

    /** Reads what the view needs from the store. */
    public static ReleaseListing load(DraftStore drafts, ReleaseCatalogue catalogue, RoutingStore routings,
                                      WorkflowRef ref) {
        return of(ref, drafts.draft(ref), catalogue.releases(ref), routings.routing(ref), RoutableReleases.load(routings, ref));
    }

    /** The draft's entry, when there is a draft. */
    public Optional<Entry> draft() {
        return entries.stream().filter(e -> e.status() == Status.DRAFT).findFirst();
    }

    /** True when there is a draft and it differs from what is live. */
    public boolean draftDiffersFromLive() {
        return draft().map(Entry::differsFromLive).orElse(false);
    }
}
