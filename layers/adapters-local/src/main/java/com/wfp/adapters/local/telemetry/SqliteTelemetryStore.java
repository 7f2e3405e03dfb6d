package com.wfp.adapters.local.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.adapters.local.sqlite.SqliteMigration;
import com.wfp.adapters.local.sqlite.SqliteRows;
import com.wfp.platform.port.TelemetryStore;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ErrorFingerprint;
import com.wfp.platform.telemetry.ErrorGroup;
import com.wfp.platform.telemetry.ErrorGroupQuery;
import com.wfp.platform.telemetry.ExecutionFailure;
import com.wfp.platform.telemetry.ExecutionQuery;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.FailureCount;
import com.wfp.platform.telemetry.LatencyHistogram;
import com.wfp.platform.telemetry.MinuteMetrics;
import com.wfp.platform.telemetry.NodeTiming;
import com.wfp.platform.telemetry.TelemetryBatch;
import com.wfp.workflow.engine.ExecutionStatus;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TelemetryStore} in a SQLite file of its own ({@code <data>/telemetry.db}, beside the
 * release store, so telemetry writes never queue behind publishes): WAL journaling with
 * {@code synchronous=NORMAL}, since losing the last second of telemetry on power loss is
 * acceptable and a durable commit per batch is not needed. Failures are indexed for full-text
 * search in an FTS5 table (code, node, exception type, message, stack trace, masked input).
 *
 * <p>Tables: {@code executions} (one row per failed execution, by release and execution id; a
 * caller learned at the gateway apart from the pod's line makes a row without status, which
 * queries skip but join to the execution), {@code execution_blocks} (the executions that did not
 * fail, many of one workflow to a row: see {@link ExecutionBlock}),
 * {@code executions_text} (FTS5), {@code error_groups} and {@code error_group_releases}
 * (counts by fingerprint, and by release), {@code minute_metrics} (calls, errors and an
 * HdrHistogram per release and minute), {@code hour_metrics} (the same per hour, rolled up from
 * minutes past their retention).
 */
public final class SqliteTelemetryStore implements TelemetryStore {

    private static final String COMPONENT = "telemetry";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<NodeTiming>> NODES = new TypeReference<>() {
    };

    static final List<SqliteMigration> MIGRATIONS = List.of(new SqliteMigration(1,
            "executions, full-text index of failures, error groups, minute metrics", List.of("""
            CREATE TABLE executions (
              release_id    TEXT NOT NULL,
              execution_id  TEXT NOT NULL,
              user_id       TEXT,
              project       TEXT,
              workflow      TEXT,
              version       TEXT,
              started_at    INTEGER NOT NULL,
              status        TEXT,
              http_status   INTEGER,
              duration_us   INTEGER,
              caller_key_id TEXT,
              shadow        INTEGER NOT NULL DEFAULT 0,
              nodes         TEXT,
              error_node    TEXT,
              error_code    TEXT,
              error_type    TEXT,
              error_message TEXT,
              stack_trace   TEXT,
              input         TEXT,
              fingerprint   TEXT,
              PRIMARY KEY (release_id, execution_id)
            )""",
            "CREATE INDEX executions_by_workflow ON executions (user_id, project, workflow, started_at DESC)",
            "CREATE INDEX executions_by_id ON executions (execution_id)",
            "CREATE INDEX executions_by_start ON executions (started_at)",
            "CREATE VIRTUAL TABLE executions_text USING fts5(body)",
            """
            CREATE TABLE error_groups (
              fingerprint  TEXT PRIMARY KEY,
              user_id      TEXT NOT NULL,
              project      TEXT NOT NULL,
              workflow     TEXT NOT NULL,
              node_id      TEXT,
              error_code   TEXT NOT NULL,
              pattern      TEXT NOT NULL,
              last_message TEXT NOT NULL,
              count        INTEGER NOT NULL,
              first_seen   INTEGER NOT NULL,
              last_seen    INTEGER NOT NULL
            )""",
            "CREATE INDEX error_groups_by_workflow ON error_groups (user_id, project, workflow, last_seen DESC)",
            """
            CREATE TABLE error_group_releases (
              fingerprint TEXT NOT NULL,
              release_id  TEXT NOT NULL,
              version     TEXT NOT NULL,
              count       INTEGER NOT NULL,
              first_seen  INTEGER NOT NULL,
              last_seen   INTEGER NOT NULL,
              PRIMARY KEY (fingerprint, release_id)
            )""",
            """
            CREATE TABLE minute_metrics (
              release_id TEXT NOT NULL,
              minute     INTEGER NOT NULL,
              user_id    TEXT NOT NULL,
              project    TEXT NOT NULL,
              workflow   TEXT NOT NULL,
              version    TEXT NOT NULL,
              calls      INTEGER NOT NULL,
              errors     INTEGER NOT NULL,
              histogram  BLOB NOT NULL,
              PRIMARY KEY (release_id, minute)
            )""",
            "CREATE INDEX minute_metrics_by_workflow ON minute_metrics (user_id, project, workflow, minute)")),
            new SqliteMigration(2, "hour aggregates that old minute metrics are rolled up into", List.of("""
            CREATE TABLE hour_metrics (
              release_id TEXT NOT NULL,
              hour       INTEGER NOT NULL,
              user_id    TEXT NOT NULL,
              project    TEXT NOT NULL,
              workflow   TEXT NOT NULL,
              version    TEXT NOT NULL,
              calls      INTEGER NOT NULL,
              errors     INTEGER NOT NULL,
              histogram  BLOB NOT NULL,
              PRIMARY KEY (release_id, hour)
            )""",
            "CREATE INDEX hour_metrics_by_workflow ON hour_metrics (user_id, project, workflow, hour)")),
            new SqliteMigration(3, "failures by error group, for a group's latest failures", List.of(
            "CREATE INDEX executions_by_fingerprint ON executions (fingerprint, started_at DESC) "
                    + "WHERE fingerprint IS NOT NULL")),
            new SqliteMigration(4, "executions that did not fail, many of a workflow to a row", List.of("""
            CREATE TABLE execution_blocks (
              user_id  TEXT NOT NULL,
              project  TEXT NOT NULL,
              workflow TEXT NOT NULL,
              release_id TEXT NOT NULL,
              version  TEXT NOT NULL,
              bucket   TEXT NOT NULL,
              min_id   TEXT NOT NULL,
              max_id   TEXT NOT NULL,
              first_at INTEGER NOT NULL,
              last_at  INTEGER NOT NULL,
              count    INTEGER NOT NULL,
              body     BLOB NOT NULL
            )""",
            "CREATE INDEX execution_blocks_by_workflow ON execution_blocks (user_id, project, workflow, last_at DESC)",
            "CREATE INDEX execution_blocks_by_version ON execution_blocks (user_id, project, workflow, version, last_at DESC)",
            "CREATE INDEX execution_blocks_by_id ON execution_blocks (bucket, min_id)",
            "CREATE INDEX execution_blocks_by_start ON execution_blocks (first_at)",
            "CREATE INDEX execution_blocks_by_end ON execution_blocks (last_at)")));

    private static final String EXECUTION_COLUMNS = "e.release_id, e.execution_id, e.user_id, e.project, e.workflow, "
            + "e.version, e.started_at, e.status, e.http_status, e.duration_us, e.caller_key_id, e.shadow, e.nodes, "
            + "e.error_node, e.error_code, e.error_type, e.error_message, e.stack_trace, e.input";

    private final SqliteDatabase database;

    /** Opens (creating when missing) the telemetry database file and brings its schema up to date. */
    public SqliteTelemetryStore(Path file, Clock clock) {
        this.database = new SqliteDatabase(file, clock, false);
        database.migrate(COMPONENT, MIGRATIONS);
    }

    /** The database file. */
    public Path file() {
        return database.file();
    }

    @Override
    public void ingest(TelemetryBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        // A caller learned apart from the pod's execution line (a host whose pods do not write it) usually arrives
        // in the same batch as the line: joined here, the execution is stored once, with its caller.
        // The local gateway's pods write the caller in the line, so their batches have none and skip the join.
        Map<String, TelemetryBatch.Caller> callers = new HashMap<>();
        for (TelemetryBatch.Caller caller : batch.callers()) {
            callers.put(executionKey(caller.releaseId(), caller.executionId()), caller);
        }
        Map<BlockKey, List<ExecutionRecord>> blocks = new java.util.LinkedHashMap<>();
        database.write(c -> {
            try (Statements statements = new Statements(c)) {
                for (ExecutionRecord record : batch.executions()) {
                    TelemetryBatch.Caller caller = callers.isEmpty() ? null
                            : callers.remove(executionKey(record.releaseId(), record.executionId()));
                    ExecutionRecord joined = caller == null ? record : record.withCaller(caller.keyId());
                    if (joined.status() == ExecutionStatus.SUCCEEDED && joined.failure() == null) {
                        blocks.computeIfAbsent(new BlockKey(joined.ref(), joined.releaseId(), joined.version(),
                                ExecutionBlock.bucketOf(joined.executionId())), key -> new ArrayList<>()).add(joined);
                    } else {
                        storeExecution(statements, joined);
                    }
                }
                for (Map.Entry<BlockKey, List<ExecutionRecord>> block : blocks.entrySet()) {
                    insertBlock(statements, block.getKey(), block.getValue());
                }
                for (TelemetryBatch.Caller caller : callers.values()) {
                    storeCaller(statements, caller);
                }
                for (MinuteMetrics minute : batch.minutes()) {
                    addMinute(statements, minute);
                }
            }
            return null;
        });
    }

    /** Which block a successful execution joins: its release's, among those whose ids start alike. */
    private record BlockKey(WorkflowRef ref, ReleaseId releaseId, String version, String bucket) {
    }

    /** What a block's row says of its executions, for finding them: the range of their ids and of their starts. */
    private record BlockSpan(String minId, String maxId, long firstAt, long lastAt) {

        static BlockSpan of(List<ExecutionRecord> records) {
            String minId = records.getFirst().executionId();
            String maxId = minId;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (ExecutionRecord r : records) {
                minId = r.executionId().compareTo(minId) < 0 ? r.executionId() : minId;
                maxId = r.executionId().compareTo(maxId) > 0 ? r.executionId() : maxId;
                first = Math.min(first, r.startedAt().toEpochMilli());
                last = Math.max(last, r.startedAt().toEpochMilli());
            }
            return new BlockSpan(minId, maxId, first, last);
        }
    }

    private static void insertBlock(Statements c, BlockKey key, List<ExecutionRecord> records) throws SQLException {
        BlockSpan span = BlockSpan.of(records);
        PreparedStatement ps = c.of("INSERT INTO execution_blocks (user_id, project, workflow, release_id, version, bucket, "
                + "min_id, max_id, first_at, last_at, count, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setString(1, key.ref().user());
        ps.setString(2, key.ref().project());
        ps.setString(3, key.ref().workflow());
        ps.setString(4, key.releaseId().value());
        ps.setString(5, key.version());
        ps.setString(6, key.bucket());
        ps.setString(7, span.minId());
        ps.setString(8, span.maxId());
        ps.setLong(9, span.firstAt());
        ps.setLong(10, span.lastAt());
        ps.setInt(11, records.size());
        ps.setBytes(12, ExecutionBlock.encode(records));
        ps.executeUpdate();
    }

    private static String executionKey(ReleaseId releaseId, String executionId) {
        return releaseId.value() + '\n' + executionId;
    }

    /**
     * The statements of one batch's writes, each prepared once and used for every row: preparing is SQLite's
     * parsing and planning, which would otherwise be paid for every statement of every execution.
     */
    private static final class Statements implements AutoCloseable {
        private final Connection connection;
        private final Map<String, PreparedStatement> prepared = new HashMap<>();

        Statements(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement of(String sql) throws SQLException {
            PreparedStatement statement = prepared.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                prepared.put(sql, statement);
            }
            return statement;
        }

        @Override
        public void close() throws SQLException {
            SQLException first = null;
            for (PreparedStatement statement : prepared.values()) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** A failed execution's row, its full-text entry and its error group's counts. */
    private static void storeExecution(Statements c, ExecutionRecord r) throws SQLException {
        Long rowid = null;
        boolean recordedBefore = false;
        {
            PreparedStatement ps = c.of(
                "SELECT rowid, status FROM executions WHERE release_id = ? AND execution_id = ?");
            ps.setString(1, r.releaseId().value());
            ps.setString(2, r.executionId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    rowid = rs.getLong(1);
                    recordedBefore = rs.getString(2) != null;
                }
            }
        }
        ExecutionFailure f = r.failure();
        ErrorFingerprint fingerprint = r.fingerprint();
        String sql = rowid == null
                ? "INSERT INTO executions (user_id, project, workflow, version, started_at, status, http_status, "
                + "duration_us, caller_key_id, shadow, nodes, error_node, error_code, error_type, error_message, "
                + "stack_trace, input, fingerprint, release_id, execution_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                : "UPDATE executions SET user_id = ?, project = ?, workflow = ?, version = ?, started_at = ?, "
                + "status = ?, http_status = ?, duration_us = ?, caller_key_id = COALESCE(?, caller_key_id), "
                + "shadow = ?, nodes = ?, error_node = ?, error_code = ?, error_type = ?, error_message = ?, "
                + "stack_trace = ?, input = ?, fingerprint = ? WHERE release_id = ? AND execution_id = ?";
        {
            PreparedStatement ps = c.of(sql);
            bindExecution(ps, r);
            ps.setString(12, f == null ? null : f.nodeId());
            ps.setString(13, f == null ? null : f.code());
            ps.setString(14, f == null ? null : f.type());
            ps.setString(15, f == null ? null : f.message());
            ps.setString(16, f == null ? null : f.stackTrace());
            ps.setString(17, f == null ? null : f.input());
            ps.setString(18, fingerprint == null ? null : fingerprint.value());
            ps.setString(19, r.releaseId().value());
            ps.setString(20, r.executionId());
            ps.executeUpdate();
        }
        if (rowid == null) {
            try (ResultSet rs = c.of("SELECT last_insert_rowid()").executeQuery()) {
                rs.next();
                rowid = rs.getLong(1);
            }
        } else {
            PreparedStatement ps = c.of("DELETE FROM executions_text WHERE rowid = ?");
            ps.setLong(1, rowid);
            ps.executeUpdate();
        }
        if (f == null) {
            return;
        }
        {
            PreparedStatement ps = c.of("INSERT INTO executions_text (rowid, body) VALUES (?, ?)");
            ps.setLong(1, rowid);
            ps.setString(2, String.join("\n", r.executionId(), r.version(), f.code(),
                    f.nodeId() == null ? "" : f.nodeId(), f.type(), f.message(), f.stackTrace(), f.input()));
            ps.executeUpdate();
        }
        if (!recordedBefore && !r.shadow()) {
            countInGroup(c, r, f, fingerprint);
        }
    }

    /** Binds the columns every execution row has, in the order both its insert and its update name them (1-11). */
    private static void bindExecution(PreparedStatement ps, ExecutionRecord r) throws SQLException {
        ps.setString(1, r.ref().user());
        ps.setString(2, r.ref().project());
        ps.setString(3, r.ref().workflow());
        ps.setString(4, r.version());
        ps.setLong(5, r.startedAt().toEpochMilli());
        ps.setString(6, r.status().name());
        ps.setInt(7, r.httpStatus());
        ps.setLong(8, r.durationMicros());
        ps.setString(9, r.callerKeyId());
        ps.setInt(10, r.shadow() ? 1 : 0);
        ps.setString(11, nodesJson(r.nodes()));
    }

    private static void countInGroup(Statements c, ExecutionRecord r, ExecutionFailure f, ErrorFingerprint fingerprint)
            throws SQLException {
        long at = r.startedAt().toEpochMilli();
        {
            PreparedStatement ps = c.of("""
                INSERT INTO error_groups (fingerprint, user_id, project, workflow, node_id, error_code, pattern,
                                          last_message, count, first_seen, last_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                ON CONFLICT (fingerprint) DO UPDATE SET count = count + 1,
                  first_seen = MIN(first_seen, excluded.first_seen),
                  last_message = CASE WHEN excluded.last_seen >= last_seen THEN excluded.last_message ELSE last_message END,
                  last_seen = MAX(last_seen, excluded.last_seen)""");
            ps.setString(1, fingerprint.value());
            ps.setString(2, r.ref().user());
            ps.setString(3, r.ref().project());
            ps.setString(4, r.ref().workflow());
            ps.setString(5, f.nodeId());
            ps.setString(6, f.code());
            ps.setString(7, fingerprint.pattern());
            ps.setString(8, f.message());
            ps.setLong(9, at);
            ps.setLong(10, at);
            ps.executeUpdate();
        }
        {
            PreparedStatement ps = c.of("""
                INSERT INTO error_group_releases (fingerprint, release_id, version, count, first_seen, last_seen)
                VALUES (?, ?, ?, 1, ?, ?)
                ON CONFLICT (fingerprint, release_id) DO UPDATE SET count = count + 1,
                  first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen)""");
            ps.setString(1, fingerprint.value());
            ps.setString(2, r.releaseId().value());
            ps.setString(3, r.version());
            ps.setLong(4, at);
            ps.setLong(5, at);
            ps.executeUpdate();
        }
    }

    private static void storeCaller(Statements c, TelemetryBatch.Caller caller) throws SQLException {
        {
            PreparedStatement ps = c.of("""
                INSERT INTO executions (release_id, execution_id, started_at, caller_key_id) VALUES (?, ?, ?, ?)
                ON CONFLICT (release_id, execution_id) DO UPDATE SET caller_key_id = excluded.caller_key_id""");
            ps.setString(1, caller.releaseId().value());
            ps.setString(2, caller.executionId());
            ps.setLong(3, caller.at().toEpochMilli());
            ps.setString(4, caller.keyId());
            ps.executeUpdate();
        }
    }

    private static void addMinute(Statements c, MinuteMetrics minute) throws SQLException {
        long at = minute.minute().toEpochMilli();
        long calls = minute.calls();
        long errors = minute.errors();
        LatencyHistogram latency = minute.latency().copy();
        {
            PreparedStatement ps = c.of(
                "SELECT calls, errors, histogram FROM minute_metrics WHERE release_id = ? AND minute = ?");
            ps.setString(1, minute.releaseId().value());
            ps.setLong(2, at);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    calls += rs.getLong(1);
                    errors += rs.getLong(2);
                    latency.add(LatencyHistogram.fromBytes(rs.getBytes(3)));
                }
            }
        }
        {
            PreparedStatement ps = c.of("""
                INSERT INTO minute_metrics (release_id, minute, user_id, project, workflow, version, calls, errors, histogram)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (release_id, minute) DO UPDATE SET calls = excluded.calls, errors = excluded.errors,
                  histogram = excluded.histogram""");
            ps.setString(1, minute.releaseId().value());
            ps.setLong(2, at);
            ps.setString(3, minute.ref().user());
            ps.setString(4, minute.ref().project());
            ps.setString(5, minute.ref().workflow());
            ps.setString(6, minute.version());
            ps.setLong(7, calls);
            ps.setLong(8, errors);
            ps.setBytes(9, latency.toBytes());
            ps.executeUpdate();
        }
    }

    @Override
    public List<ExecutionRecord> executions(ExecutionQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + EXECUTION_COLUMNS + " FROM executions e "
                + "WHERE e.user_id = ? AND e.project = ? AND e.workflow = ? AND e.status IS NOT NULL");
        List<Object> parameters = new ArrayList<>(List.of(query.ref().user(), query.ref().project(),
                query.ref().workflow()));
        if (query.status() != null) {
            sql.append(" AND e.status = ?");
            parameters.add(query.status().name());
        }
        if (query.version() != null) {
            sql.append(" AND e.version = ?");
            parameters.add(query.version());
        }
        if (query.since() != null) {
            sql.append(" AND e.started_at >= ?");
            parameters.add(query.since().toEpochMilli());
        }
        String match = query.text() == null ? null : matchExpression(query.text());
        if (query.text() != null && match == null) {
            return List.of();
        }
        if (match != null) {
            sql.append(" AND e.rowid IN (SELECT rowid FROM executions_text WHERE executions_text MATCH ?)");
            parameters.add(match);
        }
        sql.append(" ORDER BY e.started_at DESC, e.rowid DESC LIMIT ?");
        parameters.add(query.limit());
        return database.read(c -> {
            List<ExecutionRecord> rows;
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, parameters);
                rows = SqliteRows.all(ps, SqliteTelemetryStore::execution);
            }
            if (match != null || (query.status() != null && query.status() != ExecutionStatus.SUCCEEDED)) {
                return rows; // blocks hold successes only, which no search matches: only failures are indexed
            }
            long since = query.since() == null ? Long.MIN_VALUE : query.since().toEpochMilli();
            List<ExecutionRecord> blocked = newestInBlocks(c, query.ref(), query.version(), since, query.limit(), r -> true);
            return withCallers(c, newestFirst(rows, blocked, query.limit()));
        });
    }

    /**
     * The newest executions of {@code ref}'s blocks (of {@code version}'s only, unless null) that
     * started at {@code since} or later and that {@code keep} accepts, at most {@code limit}, newest
     * first (of the same start, the later stored first). Blocks are read newest first and only until
     * none left could hold a newer execution.
     */
    private static List<ExecutionRecord> newestInBlocks(Connection c, WorkflowRef ref, String version, long since,
                                                        int limit, java.util.function.Predicate<ExecutionRecord> keep)
            throws SQLException {
        List<ExecutionRecord> found = new ArrayList<>();
        List<Object> parameters = new ArrayList<>(List.of(ref.user(), ref.project(), ref.workflow()));
        if (version != null) {
            parameters.add(version);
        }
        parameters.add(since);
        try (PreparedStatement ps = c.prepareStatement("SELECT last_at, release_id, version, body FROM execution_blocks "
                + "WHERE user_id = ? AND project = ? AND workflow = ?" + (version == null ? "" : " AND version = ?")
                + " AND last_at >= ? ORDER BY last_at DESC, rowid DESC")) {
            bind(ps, parameters);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (found.size() >= limit && rs.getLong(1) < found.get(limit - 1).startedAt().toEpochMilli()) {
                        break;
                    }
                    List<ExecutionRecord> block = ExecutionBlock.decode(ref, new ReleaseId(rs.getString(2)),
                            rs.getString(3), rs.getBytes(4));
                    for (int i = block.size() - 1; i >= 0; i--) {
                        ExecutionRecord r = block.get(i);
                        if (r.startedAt().toEpochMilli() >= since && keep.test(r)) {
                            found.add(r);
                        }
                    }
                    if (found.size() >= limit) {
                        found.sort(NEWEST_FIRST);
                        found.subList(limit, found.size()).clear();
                    }
                }
            }
        }
        found.sort(NEWEST_FIRST);
        return found;
    }

    private static final java.util.Comparator<ExecutionRecord> NEWEST_FIRST =
            java.util.Comparator.comparing(ExecutionRecord::startedAt).reversed();

    /** Rows and block executions, each newest first, merged newest first; an execution stored twice counts once. */
    private static List<ExecutionRecord> newestFirst(List<ExecutionRecord> rows, List<ExecutionRecord> blocked, int limit) {
        List<ExecutionRecord> all = new ArrayList<>(rows.size() + blocked.size());
        all.addAll(rows);
        all.addAll(blocked);
        all.sort(NEWEST_FIRST); // stable: of the same start, rows first, each list in its own order
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<ExecutionRecord> merged = new ArrayList<>(Math.min(limit, all.size()));
        for (ExecutionRecord r : all) {
            if (merged.size() == limit) {
                break;
            }
            if (seen.add(executionKey(r.releaseId(), r.executionId()))) {
                merged.add(r);
            }
        }
        return merged;
    }

    /** The executions, each with the caller the gateway told apart from the pod's line where the line had none. */
    private static List<ExecutionRecord> withCallers(Connection c, List<ExecutionRecord> records) throws SQLException {
        List<ExecutionRecord> joined = new ArrayList<>(records.size());
        try (PreparedStatement ps = c.prepareStatement("SELECT caller_key_id FROM executions "
                + "WHERE release_id = ? AND execution_id = ? AND caller_key_id IS NOT NULL")) {
            for (ExecutionRecord r : records) {
                if (r.callerKeyId() != null) {
                    joined.add(r);
                    continue;
                }
                ps.setString(1, r.releaseId().value());
                ps.setString(2, r.executionId());
                try (ResultSet rs = ps.executeQuery()) {
                    joined.add(rs.next() ? r.withCaller(rs.getString(1)) : r);
                }
            }
        }
        return joined;
    }

    /**
     * The user's words as an FTS5 query in which every word must appear: each word quoted as a
     * string, so that nothing the user types is read as FTS5 syntax. Null when no word is left.
     */
    static String matchExpression(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.strip().split("\\s+")) {
            String cleaned = word.replace("\"", "");
            if (!cleaned.isBlank()) {
                words.add("\"" + cleaned + "\"");
            }
        }
        return words.isEmpty() ? null : String.join(" ", words);
    }

    @Override
    public Optional<ExecutionRecord> execution(String executionId) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EXECUTION_COLUMNS + " FROM executions e "
                    + "WHERE e.execution_id = ? AND e.status IS NOT NULL ORDER BY e.started_at DESC LIMIT 1")) {
                ps.setString(1, executionId);
                Optional<ExecutionRecord> row = SqliteRows.first(ps, SqliteTelemetryStore::execution);
                if (row.isPresent()) {
                    return row;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id, project, workflow, release_id, version, body "
                    + "FROM execution_blocks "
                    + "WHERE bucket = ? AND min_id <= ? AND max_id >= ? ORDER BY last_at DESC, rowid DESC")) {
                bind(ps, List.of(ExecutionBlock.bucketOf(executionId), executionId, executionId));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        WorkflowRef ref = new WorkflowRef(rs.getString(1), rs.getString(2), rs.getString(3));
                        for (ExecutionRecord r : ExecutionBlock.decode(ref, new ReleaseId(rs.getString(4)), rs.getString(5),
                                rs.getBytes(6)).reversed()) {
                            if (r.executionId().equals(executionId)) {
                                return Optional.of(withCallers(c, List.of(r)).getFirst());
                            }
                        }
                    }
                }
            }
            return Optional.empty();
        });
    }

    private static ExecutionRecord execution(ResultSet rs) throws SQLException {
        String errorCode = rs.getString("error_code");
        ExecutionFailure failure = errorCode == null ? null : new ExecutionFailure(rs.getString("error_node"), errorCode,
                rs.getString("error_type"), rs.getString("error_message"), rs.getString("stack_trace"),
                rs.getString("input"));
        return new ExecutionRecord(rs.getString("execution_id"),
                new WorkflowRef(rs.getString("user_id"), rs.getString("project"), rs.getString("workflow")),
                new ReleaseId(rs.getString("release_id")), rs.getString("version"),
                Instant.ofEpochMilli(rs.getLong("started_at")), ExecutionStatus.valueOf(rs.getString("status")),
                rs.getInt("http_status"), rs.getLong("duration_us"), rs.getString("caller_key_id"),
                rs.getInt("shadow") == 1, nodes(rs.getString("nodes")), failure);
    }

    @Override
    public List<ErrorGroup> errorGroups(WorkflowRef ref, Instant since) {
        return database.read(c -> {
            List<ErrorGroup> groups = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT fingerprint, node_id, error_code, pattern, last_message, count, first_seen, last_seen
                    FROM error_groups WHERE user_id = ? AND project = ? AND workflow = ? AND last_seen >= ?
                    ORDER BY last_seen DESC LIMIT 500""")) {
                ps.setString(1, ref.user());
                ps.setString(2, ref.project());
                ps.setString(3, ref.workflow());
                ps.setLong(4, since.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String fingerprint = rs.getString(1);
                        groups.add(new ErrorGroup(fingerprint, ref, rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6), Instant.ofEpochMilli(rs.getLong(7)),
                                Instant.ofEpochMilli(rs.getLong(8)), releasesOf(c, fingerprint)));
                    }
                }
            }
            return groups;
        });
    }

    @Override
    public List<ErrorGroup> errorGroups(ErrorGroupQuery query) {
        StringBuilder sql = new StringBuilder("""
                SELECT g.fingerprint, g.node_id, g.error_code, g.pattern, g.last_message, g.count, g.first_seen, g.last_seen
                FROM error_groups g WHERE g.user_id = ? AND g.project = ? AND g.workflow = ? AND g.last_seen >= ?""");
        List<Object> parameters = new ArrayList<>(List.of(query.ref().user(), query.ref().project(),
                query.ref().workflow(), query.since() == null ? 0L : query.since().toEpochMilli()));
        if (query.nodeId() != null) {
            sql.append(" AND g.node_id = ?");
            parameters.add(query.nodeId());
        }
        if (query.code() != null) {
            sql.append(" AND g.error_code = ?");
            parameters.add(query.code());
        }
        if (query.version() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM error_group_releases r WHERE r.fingerprint = g.fingerprint"
                    + " AND r.version = ?)");
            parameters.add(query.version());
        }
        if (query.text() != null) {
            String match = matchExpression(query.text());
            if (match == null) {
                return List.of();
            }
            // The failures' own text (message, stack trace, masked input) is what FTS5 indexed.
            sql.append(" AND g.fingerprint IN (SELECT e.fingerprint FROM executions e WHERE e.user_id = g.user_id"
                    + " AND e.project = g.project AND e.workflow = g.workflow AND e.rowid IN"
                    + " (SELECT rowid FROM executions_text WHERE executions_text MATCH ?))");
            parameters.add(match);
        }
        sql.append(" ORDER BY g.last_seen DESC LIMIT ?");
        parameters.add(query.limit());
        return database.read(c -> {
            List<ErrorGroup> groups = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, parameters);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String fingerprint = rs.getString(1);
                        groups.add(new ErrorGroup(fingerprint, query.ref(), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getLong(6), Instant.ofEpochMilli(rs.getLong(7)),
                                Instant.ofEpochMilli(rs.getLong(8)), releasesOf(c, fingerprint)));
                    }
                }
            }
            return groups;
        });
    }

    @Override
    public List<ExecutionRecord> failuresOf(WorkflowRef ref, String fingerprint, int limit) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EXECUTION_COLUMNS + " FROM executions e "
                    + "WHERE e.user_id = ? AND e.project = ? AND e.workflow = ? AND e.fingerprint = ? "
                    + "AND e.status IS NOT NULL ORDER BY e.started_at DESC, e.rowid DESC LIMIT ?")) {
                bind(ps, List.of(ref.user(), ref.project(), ref.workflow(), fingerprint, limit));
                return SqliteRows.all(ps, SqliteTelemetryStore::execution);
            }
        });
    }

    @Override
    public List<FailureCount> failureCounts(WorkflowRef ref, Instant from, java.time.Duration bucket) {
        long start = from.toEpochMilli();
        long width = Math.max(1, bucket.toMillis());
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT fingerprint, (started_at - ?) / ? AS bucket, COUNT(*) FROM executions
                    WHERE user_id = ? AND project = ? AND workflow = ? AND fingerprint IS NOT NULL AND shadow = 0
                      AND status IS NOT NULL AND started_at >= ?
                    GROUP BY fingerprint, bucket ORDER BY fingerprint, bucket""")) {
                bind(ps, List.of(start, width, ref.user(), ref.project(), ref.workflow(), start));
                return SqliteRows.all(ps, rs -> new FailureCount(rs.getString(1),
                        Instant.ofEpochMilli(start + rs.getLong(2) * width), rs.getLong(3)));
            }
        });
    }

    @Override
    public List<NodeTiming> nodeTimings(WorkflowRef ref, Instant since, int maxExecutions) {
        return database.read(c -> {
            List<ExecutionRecord> rows;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EXECUTION_COLUMNS + """
                     FROM executions e WHERE e.user_id = ? AND e.project = ? AND e.workflow = ?
                      AND e.status IS NOT NULL AND e.shadow = 0 AND e.started_at >= ?
                    ORDER BY e.started_at DESC, e.rowid DESC LIMIT ?""")) {
                bind(ps, List.of(ref.user(), ref.project(), ref.workflow(), since.toEpochMilli(), maxExecutions));
                rows = SqliteRows.all(ps, SqliteTelemetryStore::execution);
            }
            List<ExecutionRecord> blocked = newestInBlocks(c, ref, null, since.toEpochMilli(), maxExecutions,
                    r -> !r.shadow());
            List<NodeTiming> timings = new ArrayList<>();
            for (ExecutionRecord r : newestFirst(rows, blocked, maxExecutions)) {
                timings.addAll(r.nodes());
            }
            return timings;
        });
    }

    private static void bind(PreparedStatement ps, List<?> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (value instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) value);
            }
        }
    }

    private static List<ErrorGroup.ReleaseOccurrences> releasesOf(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT release_id, version, count, first_seen, last_seen "
                + "FROM error_group_releases WHERE fingerprint = ? ORDER BY first_seen")) {
            ps.setString(1, fingerprint);
            return SqliteRows.all(ps, rs -> new ErrorGroup.ReleaseOccurrences(new ReleaseId(rs.getString(1)),
                    rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4)),
                    Instant.ofEpochMilli(rs.getLong(5))));
        }
    }

    @Override
    public List<MinuteMetrics> minutes(WorkflowRef ref, Instant from, Instant to) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT release_id, version, minute, calls, errors, histogram FROM minute_metrics
                    WHERE user_id = ? AND project = ? AND workflow = ? AND minute >= ? AND minute < ?
                    ORDER BY minute, release_id""")) {
                ps.setString(1, ref.user());
                ps.setString(2, ref.project());
                ps.setString(3, ref.workflow());
                ps.setLong(4, from.toEpochMilli());
                ps.setLong(5, to.toEpochMilli());
                return SqliteRows.all(ps, rs -> new MinuteMetrics(ref, new ReleaseId(rs.getString(1)), rs.getString(2),
                        Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(4), rs.getLong(5),
                        LatencyHistogram.fromBytes(rs.getBytes(6))));
            }
        });
    }

    @Override
    public List<MinuteMetrics> hours(WorkflowRef ref, Instant from, Instant to) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT release_id, version, hour, calls, errors, histogram FROM hour_metrics
                    WHERE user_id = ? AND project = ? AND workflow = ? AND hour >= ? AND hour < ?
                    ORDER BY hour, release_id""")) {
                ps.setString(1, ref.user());
                ps.setString(2, ref.project());
                ps.setString(3, ref.workflow());
                ps.setLong(4, from.toEpochMilli());
                ps.setLong(5, to.toEpochMilli());
                return SqliteRows.all(ps, rs -> new MinuteMetrics(ref, new ReleaseId(rs.getString(1)), rs.getString(2),
                        Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(4), rs.getLong(5),
                        LatencyHistogram.fromBytes(rs.getBytes(6))));
            }
        });
    }

    /** Adds every minute before {@code before} into its hour's row (one transaction with their removal). */
    private static void rollUp(Connection c, Instant before) throws SQLException {
        List<Object[]> minutes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT release_id, minute, user_id, project, workflow, version, "
                + "calls, errors, histogram FROM minute_metrics WHERE minute < ? ORDER BY release_id, minute")) {
            ps.setLong(1, before.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    minutes.add(new Object[]{rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getBytes(9)});
                }
            }
        }
        for (Object[] m : minutes) {
            long hour = Math.floorDiv((long) m[1], 3_600_000L) * 3_600_000L;
            LatencyHistogram histogram = LatencyHistogram.fromBytes((byte[]) m[8]);
            long calls = (long) m[6];
            long errors = (long) m[7];
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT calls, errors, histogram FROM hour_metrics WHERE release_id = ? AND hour = ?")) {
                ps.setString(1, (String) m[0]);
                ps.setLong(2, hour);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        calls += rs.getLong(1);
                        errors += rs.getLong(2);
                        histogram.add(LatencyHistogram.fromBytes(rs.getBytes(3)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO hour_metrics (release_id, hour, "
                    + "user_id, project, workflow, version, calls, errors, histogram) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, (String) m[0]);
                ps.setLong(2, hour);
                ps.setString(3, (String) m[2]);
                ps.setString(4, (String) m[3]);
                ps.setString(5, (String) m[4]);
                ps.setString(6, (String) m[5]);
                ps.setLong(7, calls);
                ps.setLong(8, errors);
                ps.setBytes(9, histogram.toBytes());
                ps.executeUpdate();
            }
        }
    }

    @Override
    public long purge(Instant executionsBefore, Instant minutesBefore, Instant hoursBefore) {
        return database.write(c -> {
            long removed = 0;
            rollUp(c, minutesBefore);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM executions_text WHERE rowid IN "
                    + "(SELECT rowid FROM executions WHERE started_at < ?)")) {
                ps.setLong(1, executionsBefore.toEpochMilli());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM executions WHERE started_at < ?")) {
                ps.setLong(1, executionsBefore.toEpochMilli());
                removed += ps.executeUpdate();
            }
            removed += purgeBlocks(c, executionsBefore.toEpochMilli());
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM minute_metrics WHERE minute < ?")) {
                ps.setLong(1, minutesBefore.toEpochMilli());
                removed += ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM hour_metrics WHERE hour < ?")) {
                ps.setLong(1, hoursBefore.toEpochMilli());
                removed += ps.executeUpdate();
            }
            return removed;
        });
    }

    /**
     * Removes the block executions that started before {@code before}: whole blocks when all of
     * theirs did, and the older part of the few blocks that straddle it, rewritten with the rest.
     *
     * @return how many executions were removed
     */
    private static long purgeBlocks(Connection c, long before) throws SQLException {
        long removed = 0;
        record Straddling(long rowid, List<ExecutionRecord> executions) {
        }
        List<Straddling> straddling = new ArrayList<>();
        // By their start: purging each hour, the blocks that started before the cut-off are the last hour's few
        // (the rest are gone), while the blocks that end after it are nearly all.
        try (PreparedStatement ps = c.prepareStatement("SELECT rowid, user_id, project, workflow, release_id, version, body "
                + "FROM execution_blocks INDEXED BY execution_blocks_by_start WHERE first_at < ? AND last_at >= ?")) {
            bind(ps, List.of(before, before));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    straddling.add(new Straddling(rs.getLong(1), ExecutionBlock.decode(new WorkflowRef(rs.getString(2),
                            rs.getString(3), rs.getString(4)), new ReleaseId(rs.getString(5)), rs.getString(6),
                            rs.getBytes(7))));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE execution_blocks SET min_id = ?, max_id = ?, first_at = ?, "
                + "count = ?, body = ? WHERE rowid = ?")) {
            for (Straddling block : straddling) {
                List<ExecutionRecord> kept = new ArrayList<>();
                List<ExecutionRecord> all = block.executions();
                for (ExecutionRecord r : all) {
                    if (r.startedAt().toEpochMilli() >= before) {
                        kept.add(r);
                    }
                }
                removed += all.size() - kept.size();
                BlockSpan span = BlockSpan.of(kept);
                ps.setString(1, span.minId());
                ps.setString(2, span.maxId());
                ps.setLong(3, span.firstAt());
                ps.setInt(4, kept.size());
                ps.setBytes(5, ExecutionBlock.encode(kept));
                ps.setLong(6, block.rowid());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(count), 0) FROM execution_blocks WHERE last_at < ?")) {
            ps.setLong(1, before);
            try (ResultSet rs = ps.executeQuery()) {
                removed += rs.next() ? rs.getLong(1) : 0;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM execution_blocks WHERE last_at < ?")) {
            ps.setLong(1, before);
            ps.executeUpdate();
        }
        return removed;
    }

    /**
     * The same JSON as Jackson's record serialization (which {@link #nodes} reads back), written field by field:
     * every execution stores one, and finding each record's properties by reflection cost more than the insert.
     */
    private static String nodesJson(List<NodeTiming> nodes) {
        java.io.StringWriter text = new java.io.StringWriter(64 + 96 * nodes.size());
        try (com.fasterxml.jackson.core.JsonGenerator json = JSON.getFactory().createGenerator(text)) {
            json.writeStartArray();
            for (NodeTiming node : nodes) {
                json.writeStartObject();
                json.writeStringField("nodeId", node.nodeId());
                json.writeStringField("type", node.type());
                json.writeStringField("status", node.status());
                json.writeNumberField("durationMicros", node.durationMicros());
                json.writeStringField("upstreamHost", node.upstreamHost());
                json.writeNumberField("upstreamStatus", node.upstreamStatus());
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Node timings are plain values", e);
        }
        return text.toString();
    }

    private static List<NodeTiming> nodes(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, NODES);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
