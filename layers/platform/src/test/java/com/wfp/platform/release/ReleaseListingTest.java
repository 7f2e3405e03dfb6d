package com.wfp.platform.release;

import com.wfp.platform.routing.RoutableReleases;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.Shadow;
import com.wfp.platform.routing.Stickiness;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseListingTest {

    private static final WorkflowRef REF = new WorkflowRef("alice", "shop", "orders");
    private static final Instant T = Instant.parse("2026-01-15T10:00:00Z");

    private static Release release(long seq, String version) {
        return NewRelease.of(REF, version, "n", "{\"v\":\"" + version + "\"}", "{}", "alice", T.plusSeconds(seq))
                .toRelease(new ReleaseId("rel-" + seq), seq);
    }

    @Test
    void of_listsTheDraftFirstThenReleasesMarkedLiveStagedRetiredOrFailed() {
        Release r1 = release(1, "v1.0.0");
        Release r2 = release(2, "v1.1.0");
        Release r3 = release(3, "v2.0.0");
        Release r4 = release(4, "v2.1.0");
        Release r5 = release(5, "v2.2.0");
        RoutingConfig routing = new RoutingConfig(REF, 5, List.of(new RouteWeight(r4.id(), 0), new RouteWeight(r3.id(), 80),
                new RouteWeight(r2.id(), 20)), Stickiness.OFF, new Shadow(r4.id(), 10));
        Draft draft = Draft.of(REF, "{\"v\":\"draft\"}", "bob", T.plusSeconds(60));

        ReleaseListing listing = ReleaseListing.of(REF, Optional.of(draft), List.of(r5, r4, r3, r2, r1), routing,
                new RoutableReleases(Set.of(r1.id(), r2.id(), r3.id(), r4.id())));

        assertThat(listing.entries()).extracting(ReleaseListing.Entry::status).containsExactly(
                ReleaseListing.Status.DRAFT, ReleaseListing.Status.FAILED, ReleaseListing.Status.STAGED,
                ReleaseListing.Status.LIVE, ReleaseListing.Status.LIVE, ReleaseListing.Status.RETIRED);
        assertThat(listing.entries()).extracting(ReleaseListing.Entry::trafficPercent).containsExactly(0, 0, 0, 80, 20, 0);
        assertThat(listing.entries()).extracting(ReleaseListing.Entry::versionName)
                .containsExactly(null, "v2.2.0", "v2.1.0", "v2.0.0", "v1.1.0", "v1.0.0");
        assertThat(listing.entries().get(2).shadow()).isTrue();
        assertThat(listing.draft().orElseThrow().by()).isEqualTo("bob");
        assertThat(listing.draftDiffersFromLive()).isTrue();
    }

    @Test
    void of_whenTheDraftEqualsTheReleaseTakingMostTraffic_saysItDoesNotDiffer() {
        Release r1 = release(1, "v1.0.0");
        Release r2 = release(2, "v1.1.0");
        RoutingConfig routing = new RoutingConfig(REF, 1, List.of(new RouteWeight(r2.id(), 10), new RouteWeight(r1.id(), 90)),
                Stickiness.OFF, null);

        ReleaseListing sameAsLive = ReleaseListing.of(REF, Optional.of(Draft.of(REF, r1.definition(), "alice", T)),
                List.of(r2, r1), routing, new RoutableReleases(Set.of(r1.id(), r2.id())));
        ReleaseListing sameAsCanary = ReleaseListing.of(REF, Optional.of(Draft.of(REF, r2.definition(), "alice", T)),
                List.of(r2, r1), routing, new RoutableReleases(Set.of(r1.id(), r2.id())));

        assertThat(sameAsLive.draftDiffersFromLive()).isFalse();
        assertThat(sameAsCanary.draftDiffersFromLive()).isTrue();
    }

    @Test
    void of_withoutDraftOrReleases_isEmpty() {
        ReleaseListing listing = ReleaseListing.of(REF, Optional.empty(), List.of(), RoutingConfig.empty(REF),
                new RoutableReleases(Set.of()));

        assertThat(listing.entries()).isEmpty();
        assertThat(listing.draftDiffersFromLive()).isFalse();
    }
}
