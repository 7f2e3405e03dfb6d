package com.wfp.adapters.local.store;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.port.DraftStore;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.WorkflowRef;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

import static com.wfp.adapters.local.store.WorkflowColumns.REF_WHERE;
import static com.wfp.adapters.local.store.WorkflowColumns.bindRef;

/**
 * {@link DraftStore} of {@link SqliteReleaseStore}: the drafts table.
 */
final class SqliteDraftStore implements DraftStore {

    private final SqliteDatabase db;

    SqliteDraftStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Draft saveDraft(Draft draft) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO drafts (user_slug, project_slug, workflow_slug, definition, sha256, saved_by, saved_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (user_slug, project_slug, workflow_slug) DO UPDATE SET
                      definition = excluded.definition, sha256 = excluded.sha256,
                      saved_by = excluded.saved_by, saved_at = excluded.saved_at""")) {
                int i = bindRef(ps, 1, draft.ref());
                ps.setString(i++, draft.definition());
                ps.setString(i++, draft.sha256());
                ps.setString(i++, draft.savedBy());
                ps.setString(i, draft.savedAt().toString());
                ps.executeUpdate();
            }
            return draft;
        });
    }

    @Override
    public Optional<Draft> draft(WorkflowRef ref) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT definition, sha256, saved_by, saved_at FROM drafts WHERE " + REF_WHERE)) {
                bindRef(ps, 1, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Draft(ref, rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.parse(rs.getString(4))));
                }
            }
        });
    }
}
