package com.wfp.adapters.local.sqlite;

import java.util.List;

/**
 * One schema change of one component: applied once, in its own transaction, in version order.
 * Never edit a migration that has shipped; append a new one.
 *
 * @param version     1, 2, 3... within the component
 * @param description what it changes, recorded in {@code schema_version}
 * @param statements  the DDL/DML statements, run in order
 */
public record SqliteMigration(int version, String description, List<String> statements) {

    public SqliteMigration {
        if (version < 1) {
            throw new IllegalArgumentException("Migration versions start at 1");
        }
        statements = List.copyOf(statements);
    }
}
