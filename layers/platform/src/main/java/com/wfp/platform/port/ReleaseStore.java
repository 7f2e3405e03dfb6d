package com.wfp.platform.port;

/**
 * The five store ports as one database holds them: what an adapter implements and what the
 * wiring hands out, one narrow port to each service ({@link DraftStore}, {@link ReleaseCatalogue},
 * {@link RoutingStore}, {@link DeploymentStore}, {@link RolloutStore}). Services depend on the
 * ports they use, never on this type. Storage failures surface as {@code DomainException} with
 * code {@code store.unavailable} (503) or {@code store.corrupt} (500), keeping the cause.
 */
public interface ReleaseStore extends DraftStore, ReleaseCatalogue, RoutingStore, DeploymentStore, RolloutStore {
}
