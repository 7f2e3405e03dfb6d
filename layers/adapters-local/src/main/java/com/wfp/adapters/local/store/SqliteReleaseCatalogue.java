package com.wfp.adapters.local.store;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.VersionExistsException;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingConfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.wfp.adapters.local.sqlite.SqliteRows.all;
import static com.wfp.adapters.local.sqlite.SqliteRows.first;
import static com.wfp.adapters.local.store.WorkflowColumns.REF_WHERE;
import static com.wfp.adapters.local.store.WorkflowColumns.bindRef;
import static com.wfp.adapters.local.store.WorkflowColumns.refRow;

/**
 * {@link ReleaseCatalogue} of {@link SqliteReleaseStore}: the releases table; no UPDATE path, and
 * schema triggers refuse any UPDATE or DELETE of a release.
 */
final class SqliteReleaseCatalogue implements ReleaseCatalogue {

    static final String RELEASE_COLUMNS = "id, user_slug, project_slug, workflow_slug, seq, version_name, notes, "
            + "definition, sha256, validation_report, created_by, created_at";

    private final SqliteDatabase db;

    SqliteReleaseCatalogue(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Release createRelease(NewRelease request) {
        return db.write(c -> {
            WorkflowRef ref = request.ref();
            if (findReleaseByVersion(c, ref, request.versionName()).isPresent()) {
                List<String> names = findReleases(c, ref).stream().map(Release::versionName).toList();
                throw new VersionExistsException(ref, request.versionName(), names, null);
            }
            long seq;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM releases WHERE " + REF_WHERE)) {
                bindRef(ps, 1, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
            }
            Release release = request.toRelease(ReleaseId.newId(), seq);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO releases (" + RELEASE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, release.id().value());
                int i = bindRef(ps, 2, ref);
                ps.setLong(i++, release.seq());
                ps.setString(i++, release.versionName());
                ps.setString(i++, release.notes());
                ps.setString(i++, release.definition());
                ps.setString(i++, release.sha256());
                ps.setString(i++, release.validationReport());
                ps.setString(i++, release.createdBy());
                ps.setString(i, release.createdAt().toString());
                ps.executeUpdate();
            }
            return release;
        });
    }

    @Override
    public Optional<Release> release(ReleaseId id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RELEASE_COLUMNS + " FROM releases WHERE id = ?")) {
                ps.setString(1, id.value());
                return first(ps, SqliteReleaseCatalogue::releaseRow);
            }
        });
    }

    @Override
    public List<Release> releases(WorkflowRef ref) {
        return db.read(c -> findReleases(c, ref));
    }

    @Override
    public Optional<Release> releaseByVersion(WorkflowRef ref, String versionName) {
        return db.read(c -> findReleaseByVersion(c, ref, versionName));
    }

    @Override
    public List<Release> routedReleases(String user) {
        return db.read(c -> {
            List<RoutingConfig> configs;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT user_slug, project_slug, workflow_slug, config FROM routing WHERE user_slug = ?"
                            + " ORDER BY project_slug, workflow_slug")) {
                ps.setString(1, user);
                configs = all(ps, rs -> StoredJson.routing(refRow(rs, 1), rs.getString(4)));
            }
            List<Release> routed = new ArrayList<>();
            for (RoutingConfig config : configs) {
                Set<ReleaseId> ids = config.referencedReleases();
                findReleases(c, config.ref()).stream().filter(r -> ids.contains(r.id())).forEach(routed::add);
            }
            return routed;
        });
    }

    private static List<Release> findReleases(Connection c, WorkflowRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + RELEASE_COLUMNS + " FROM releases WHERE " + REF_WHERE + " ORDER BY seq DESC")) {
            bindRef(ps, 1, ref);
            return all(ps, SqliteReleaseCatalogue::releaseRow);
        }
    }

    private static Optional<Release> findReleaseByVersion(Connection c, WorkflowRef ref, String versionName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + RELEASE_COLUMNS + " FROM releases WHERE " + REF_WHERE + " AND version_name = ?")) {
            int i = bindRef(ps, 1, ref);
            ps.setString(i, versionName);
            return first(ps, SqliteReleaseCatalogue::releaseRow);
        }
    }

    static Release releaseRow(ResultSet rs) throws SQLException {
        return new Release(new ReleaseId(rs.getString(1)), refRow(rs, 2), rs.getLong(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), Instant.parse(rs.getString(12)));
    }
}
