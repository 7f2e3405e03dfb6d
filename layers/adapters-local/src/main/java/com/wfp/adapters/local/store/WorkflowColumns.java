package com.wfp.adapters.local.store;

import com.wfp.platform.release.WorkflowRef;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The three columns that name a workflow in every table of the release store. */
final class WorkflowColumns {

    static final String REF_WHERE = "user_slug = ? AND project_slug = ? AND workflow_slug = ?";

    private WorkflowColumns() {
    }

    static int bindRef(PreparedStatement ps, int first, WorkflowRef ref) throws SQLException {
        ps.setString(first, ref.user());
        ps.setString(first + 1, ref.project());
        ps.setString(first + 2, ref.workflow());
        return first + 3;
    }

    static WorkflowRef refRow(ResultSet rs, int first) throws SQLException {
        return new WorkflowRef(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2));
    }
}
