package com.wfp.adapters.local.store;

import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.workflow.error.DomainException;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A separate process that writes to a store file while others do: creates releases and then
 * tries to move all traffic with a compare-and-set from the revision it is told. Prints one line
 * per outcome for the parent test to read.
 *
 * <p>Arguments: database file, process name, number of releases, expected routing revision.
 */
public final class ReleaseWriterProcess {

    static final WorkflowRef REF = new WorkflowRef("alice", "shop", "order-intake");

    private ReleaseWriterProcess() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        String name = args[1];
        int releases = Integer.parseInt(args[2]);
        long expectedRevision = Long.parseLong(args[3]);
        try (SqliteReleaseStore store = new SqliteReleaseStore(file)) {
            String lastId = null;
            for (int i = 0; i < releases; i++) {
                String version = name + "." + i;
                lastId = store.createRelease(NewRelease.of(REF, version, "", "{\"v\":\"" + version + "\"}", "{}", name,
                        Instant.now())).id().value();
            }
            System.out.println("created " + releases);
            try {
                RoutingConfig stored = store.compareAndSetRouting(REF, expectedRevision, RoutingConfig.empty(REF)
                        .withWeights(List.of(new RouteWeight(new com.wfp.platform.release.ReleaseId(lastId), 100))), name, "race");
                System.out.println("routing won " + stored.revision());
            } catch (DomainException e) {
                System.out.println("routing lost " + e.code());
            }
        }
    }
}
