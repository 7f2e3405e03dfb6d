package com.wfp.adapters.local.sqlite;

import com.wfp.workflow.error.DomainException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads query results into domain values. A stored value the domain rejects means the file was
 * edited behind the platform's back, so it surfaces as {@code store.corrupt}, not as an input error.
 */
public final class SqliteRows {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private SqliteRows() {
    }

    /** The first row of the query, or empty. */
    public static <T> Optional<T> first(PreparedStatement ps, RowReader<T> reader) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs, reader)) : Optional.empty();
        }
    }

    /** Every row of the query, in order. */
    public static <T> List<T> all(PreparedStatement ps, RowReader<T> reader) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(row(rs, reader));
            }
        }
        return rows;
    }

    private static <T> T row(ResultSet rs, RowReader<T> reader) throws SQLException {
        try {
            return reader.read(rs);
        } catch (DomainException e) {
            if (e.code().startsWith("store.")) {
                throw e;
            }
            throw corrupt(e);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw corrupt(e);
        }
    }

    /** The error for a stored value that cannot be read back. */
    public static DomainException corrupt(RuntimeException cause) {
        return new DomainException("store.corrupt", 500, "A stored row holds a value the platform cannot read: " + cause.getMessage(),
                "The database was edited outside the platform; restore it from a backup.", cause);
    }
}
