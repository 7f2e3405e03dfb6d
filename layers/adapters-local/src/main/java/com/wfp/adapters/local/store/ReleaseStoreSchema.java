package com.wfp.adapters.local.store;

import com.wfp.adapters.local.sqlite.SqliteMigration;

import java.util.List;

/**
 * The release store's schema, as its ordered migrations (see {@link SqliteMigration}): never
 * edit one that has shipped, append a new one.
 */
final class ReleaseStoreSchema {

    static final List<SqliteMigration> MIGRATIONS = List.of(
            new SqliteMigration(1, "releases, drafts, routing, routing history, deployments", List.of(
                    """
                    CREATE TABLE releases (
                      id                TEXT PRIMARY KEY,
                      user_slug         TEXT NOT NULL,
                      project_slug      TEXT NOT NULL,
                      workflow_slug     TEXT NOT NULL,
                      seq               INTEGER NOT NULL CHECK (seq >= 1),
                      version_name      TEXT NOT NULL,
                      notes             TEXT NOT NULL,
                      definition        TEXT NOT NULL,
                      sha256            TEXT NOT NULL,
                      validation_report TEXT NOT NULL,
                      created_by        TEXT NOT NULL,
                      created_at        TEXT NOT NULL,
                      UNIQUE (user_slug, project_slug, workflow_slug, seq),
                      UNIQUE (user_slug, project_slug, workflow_slug, version_name)
                    )""",
                    """
                    CREATE TRIGGER releases_are_immutable BEFORE UPDATE ON releases
                    BEGIN SELECT RAISE(ABORT, 'releases are immutable'); END""",
                    """
                    CREATE TRIGGER releases_are_permanent BEFORE DELETE ON releases
                    BEGIN SELECT RAISE(ABORT, 'releases are permanent'); END""",
                    """
                    CREATE TABLE drafts (
                      user_slug     TEXT NOT NULL,
                      project_slug  TEXT NOT NULL,
                      workflow_slug TEXT NOT NULL,
                      definition    TEXT NOT NULL,
                      sha256        TEXT NOT NULL,
                      saved_by      TEXT NOT NULL,
                      saved_at      TEXT NOT NULL,
                      PRIMARY KEY (user_slug, project_slug, workflow_slug)
                    )""",
                    """
                    CREATE TABLE routing (
                      user_slug     TEXT NOT NULL,
                      project_slug  TEXT NOT NULL,
                      workflow_slug TEXT NOT NULL,
                      revision      INTEGER NOT NULL CHECK (revision >= 1),
                      config        TEXT NOT NULL,
                      PRIMARY KEY (user_slug, project_slug, workflow_slug)
                    )""",
                    """
                    CREATE TABLE routing_changes (
                      user_slug     TEXT NOT NULL,
                      project_slug  TEXT NOT NULL,
                      workflow_slug TEXT NOT NULL,
                      revision      INTEGER NOT NULL,
                      before_config TEXT NOT NULL,
                      after_config  TEXT NOT NULL,
                      changed_by    TEXT NOT NULL,
                      changed_at    TEXT NOT NULL,
                      why           TEXT NOT NULL,
                      PRIMARY KEY (user_slug, project_slug, workflow_slug, revision)
                    )""",
                    """
                    CREATE TABLE deployments (
                      id              TEXT PRIMARY KEY,
                      user_slug       TEXT NOT NULL,
                      project_slug    TEXT NOT NULL,
                      workflow_slug   TEXT NOT NULL,
                      release_id      TEXT REFERENCES releases (id),
                      version_name    TEXT NOT NULL,
                      strategy        TEXT NOT NULL,
                      state           TEXT NOT NULL CHECK (state IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
                      current_step    TEXT NOT NULL,
                      steps           TEXT NOT NULL,
                      created_by      TEXT NOT NULL,
                      created_at      TEXT NOT NULL,
                      idempotency_key TEXT,
                      failure         TEXT
                    )""",
                    """
                    CREATE UNIQUE INDEX deployments_by_idempotency_key ON deployments (created_by, idempotency_key)
                    WHERE idempotency_key IS NOT NULL""",
                    "CREATE INDEX deployments_by_state ON deployments (state)"
            )),
            // The status has no CHECK, unlike the deployment state: a status added later would
            // otherwise need the table rebuilt. The store writes the enum's names only.
            new SqliteMigration(2, "rollouts: the latest rollout of each workflow", List.of(
                    """
                    CREATE TABLE rollouts (
                      user_slug        TEXT NOT NULL,
                      project_slug     TEXT NOT NULL,
                      workflow_slug    TEXT NOT NULL,
                      version          INTEGER NOT NULL CHECK (version >= 1),
                      status           TEXT NOT NULL,
                      candidate_id     TEXT NOT NULL,
                      previous_id      TEXT NOT NULL,
                      plan             TEXT NOT NULL,
                      step_index       INTEGER NOT NULL CHECK (step_index >= 0),
                      step_started_at  TEXT NOT NULL,
                      routing_revision INTEGER NOT NULL,
                      last_stats       TEXT,
                      reason           TEXT NOT NULL,
                      started_by       TEXT NOT NULL,
                      updated_at       TEXT NOT NULL,
                      PRIMARY KEY (user_slug, project_slug, workflow_slug)
                    )""",
                    "CREATE INDEX rollouts_by_status ON rollouts (status)"
            )),
            new SqliteMigration(3, "deployments by workflow, for a workflow's latest deployments", List.of(
                    "CREATE INDEX deployments_by_workflow ON deployments (user_slug, project_slug, workflow_slug)"
            ))
    );

    private ReleaseStoreSchema() {
    }

    /** The version a fully migrated database has. */
    static int latestVersion() {
        return MIGRATIONS.getLast().version();
    }
}
