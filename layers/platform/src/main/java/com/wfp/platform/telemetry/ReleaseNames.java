package com.wfp.platform.telemetry;

import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which workflow and version a release id names, as telemetry needs it to file what the pods and
 * the gateway report by release id. Releases are immutable, so an answer is cached for good.
 */
public final class ReleaseNames {

    /**
     * The workflow and version name of a release.
     */
    public record Named(WorkflowRef ref, String version) {
    }

    private static final int MAX_CACHED = 10_000;

    private final Function<ReleaseId, Optional<Named>> lookup;
    private final ConcurrentHashMap<ReleaseId, Named> cache = new ConcurrentHashMap<>();

    public ReleaseNames(Function<ReleaseId, Optional<Named>> lookup) {
        this.lookup = lookup;
    }

    /** Names from the release catalogue. */
    public static ReleaseNames of(ReleaseCatalogue catalogue) {
        return new ReleaseNames(id -> catalogue.release(id).map(ReleaseNames::named));
    }

    private static Named named(Release release) {
        return new Named(release.ref(), release.versionName());
    }

    /** The release's workflow and version, or empty for a release the catalogue does not hold. */
    public Optional<Named> of(ReleaseId releaseId) {
        Named cached = cache.get(releaseId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Named> found = lookup.apply(releaseId);
        found.ifPresent(named -> {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(releaseId, named);
        });
        return found;
    }
}
