package com.wfp.adapters.local.audit;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.adapters.local.sqlite.SqliteMigration;
import com.wfp.adapters.local.sqlite.SqliteRows;
import com.wfp.adapters.local.sqlite.SqliteTimes;
import com.wfp.platform.audit.AuditChain;
import com.wfp.platform.audit.AuditEntry;
import com.wfp.platform.audit.AuditOutcome;
import com.wfp.platform.audit.AuditQuery;
import com.wfp.platform.audit.AuditRecord;
import com.wfp.platform.port.AuditLog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link AuditLog} in the platform's SQLite database. Appends run in one write transaction
 * that reads the last record and inserts the next, so the chain never forks; triggers refuse
 * every update and delete, so changing a record takes editing the file, which the hash chain
 * then shows.
 */
public final class SqliteAuditLog implements AuditLog {

    /** The schema component the audit table is migrated as. */
    public static final String SCHEMA_COMPONENT = "audit-log";

    private static final List<SqliteMigration> MIGRATIONS = List.of(
            new SqliteMigration(1, "the hash-chained audit trail", List.of(
                    """
                    CREATE TABLE audit_log (
                      seq           INTEGER PRIMARY KEY,
                      id            TEXT NOT NULL,
                      at            TEXT NOT NULL,
                      principal     TEXT NOT NULL,
                      action        TEXT NOT NULL,
                      resource      TEXT NOT NULL,
                      params        TEXT NOT NULL,
                      source        TEXT NOT NULL,
                      outcome       TEXT NOT NULL,
                      code          TEXT NOT NULL,
                      previous_hash TEXT NOT NULL,
                      hash          TEXT NOT NULL
                    )""",
                    "CREATE INDEX audit_log_by_time ON audit_log (at)",
                    """
                    CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
                    """
                    CREATE TRIGGER audit_log_is_kept BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""")));

    private static final String COLUMNS = "seq, id, at, principal, action, resource, params, source, outcome, code, "
            + "previous_hash, hash";

    private final SqliteDatabase db;

    /** The trail in {@code db}, whose schema is brought up to date here. Closing the database is the caller's. */
    public SqliteAuditLog(SqliteDatabase db) {
        this.db = db;
        db.migrate(SCHEMA_COMPONENT, MIGRATIONS);
    }

    @Override
    public AuditRecord append(AuditEntry entry) {
        return db.write(c -> {
            AuditRecord last;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM audit_log ORDER BY seq DESC LIMIT 1")) {
                last = SqliteRows.first(ps, SqliteAuditLog::record).orElse(null);
            }
            AuditRecord next = AuditChain.next(last, entry);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, next.seq());
                ps.setString(2, next.id());
                ps.setString(3, SqliteTimes.format(entry.at()));
                ps.setString(4, entry.principal());
                ps.setString(5, entry.action());
                ps.setString(6, entry.resource());
                ps.setString(7, entry.params());
                ps.setString(8, entry.source());
                ps.setString(9, entry.outcome().name());
                ps.setString(10, entry.code());
                ps.setString(11, next.previousHash());
                ps.setString(12, next.hash());
                ps.executeUpdate();
            }
            return next;
        });
    }

    @Override
    public List<AuditRecord> search(AuditQuery query) {
        List<AuditRecord> found = new ArrayList<>();
        // Filters run on the decoded records, so the SQL stays free of hand-built conditions.
        for (AuditRecord record : db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log "
                    + (query.since() == null ? "" : "WHERE at >= ? ") + "ORDER BY seq DESC")) {
                if (query.since() != null) {
                    ps.setString(1, SqliteTimes.format(query.since()));
                }
                return SqliteRows.all(ps, SqliteAuditLog::record);
            }
        })) {
            if (query.matches(record.entry())) {
                found.add(record);
                if (found.size() >= query.limit()) {
                    break;
                }
            }
        }
        return found;
    }

    @Override
    public List<AuditRecord> all() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log ORDER BY rowid")) {
                return SqliteRows.all(ps, SqliteAuditLog::record);
            }
        });
    }

    private static AuditRecord record(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong("seq"), rs.getString("id"), new AuditEntry(Instant.parse(rs.getString("at")),
                rs.getString("principal"), rs.getString("action"), rs.getString("resource"), rs.getString("params"),
                rs.getString("source"), AuditOutcome.valueOf(rs.getString("outcome")), rs.getString("code")),
                rs.getString("previous_hash"), rs.getString("hash"));
    }
}
