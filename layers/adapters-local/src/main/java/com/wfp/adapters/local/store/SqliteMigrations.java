package com.wfp.adapters.local.store;

import java.util.List;

/**
 * The schema, as an ordered list of migrations. A database records the highest version applied
 * in {@code schema_version}; opening it applies the missing ones, each in its own transaction.
 * Never edit a published migration: append a new one.
 */
final class SqliteMigrations {

    /** One schema change. */
    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> ALL = List.of(
            new Migration(1, "releases, drafts, routing, routing history, deployments", List.of(
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
            ))
    );

    private SqliteMigrations() {
    }

    /** The version a fully migrated database has. */
    static int latestVersion() {
        return ALL.getLast().version();
    }
}
