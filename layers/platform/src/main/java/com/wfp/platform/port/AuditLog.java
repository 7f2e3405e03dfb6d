package com.wfp.platform.port;

import com.wfp.platform.audit.AuditEntry;
import com.wfp.platform.audit.AuditQuery;
import com.wfp.platform.audit.AuditRecord;

import java.util.List;

/**
 * The append-only audit trail. An implementation numbers and chains each entry
 * ({@link com.wfp.platform.audit.AuditChain#next}) atomically with reading the last record, so
 * concurrent appends never fork the chain, and never updates or deletes a record.
 */
public interface AuditLog {

    /** Appends the entry as the next record of the chain and returns it. */
    AuditRecord append(AuditEntry entry);

    /** The records matching the query, newest first. */
    List<AuditRecord> search(AuditQuery query);

    /** Every record in stored order (by sequence number), for verification. */
    List<AuditRecord> all();
}
