package com.wfp.platform.audit;

/**
 * One record of the audit trail as stored: the entry, its place in the log and its link in the
 * hash chain.
 *
 * @param seq          1, 2, 3... in append order, without gaps
 * @param id           a unique id, such as {@code aud_000000000042}
 * @param entry        what happened
 * @param previousHash the hash of the record before ({@link AuditChain#GENESIS} for the first)
 * @param hash         {@link AuditChain#hash} of this record's fields and {@code previousHash}
 */
public record AuditRecord(long seq, String id, AuditEntry entry, String previousHash, String hash) {

    /** The id of the record at {@code seq}. */
    public static String idOf(long seq) {
        return String.format("aud_%012d", seq);
    }
}
