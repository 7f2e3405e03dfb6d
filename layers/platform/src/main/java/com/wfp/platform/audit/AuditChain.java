package com.wfp.platform.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The hash chain that makes the audit trail tamper-evident, as CloudTrail's digests do: each
 * record holds the SHA-256 of its own fields and of the record before, so editing a record breaks
 * its hash, and deleting or reordering records breaks the sequence or the links that follow.
 */
public final class AuditChain {

    /** The previous hash of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** The hash of a record: SHA-256 over every field, each length-prefixed so none can bleed into the next. */
    public static String hash(long seq, String id, AuditEntry entry, String previousHash) {
        StringBuilder text = new StringBuilder();
        for (String field : new String[] {Long.toString(seq), id, entry.at().toString(), entry.principal(),
                entry.action(), entry.resource(), entry.params(), entry.source(), entry.outcome().name(),
                entry.code(), previousHash}) {
            text.append(field.length()).append(':').append(field).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** The record that follows {@code previous} (null for the first). */
    public static AuditRecord next(AuditRecord previous, AuditEntry entry) {
        long seq = previous == null ? 1 : previous.seq() + 1;
        String previousHash = previous == null ? GENESIS : previous.hash();
        String id = AuditRecord.idOf(seq);
        return new AuditRecord(seq, id, entry, previousHash, hash(seq, id, entry, previousHash));
    }

    /**
     * Where the chain first breaks, reading the records in the order stored.
     *
     * @return empty when every record is intact and in place
     */
    public static Optional<AuditBreak> verify(List<AuditRecord> records) {
        java.util.Set<Long> present = new java.util.HashSet<>();
        records.forEach(record -> present.add(record.seq()));
        AuditRecord previous = null;
        for (AuditRecord record : records) {
            long expectedSeq = previous == null ? 1 : previous.seq() + 1;
            if (record.seq() != expectedSeq) {
                String expectedId = AuditRecord.idOf(expectedSeq);
                return Optional.of(new AuditBreak(record.seq(), record.id(), present.contains(expectedSeq)
                        ? "out of order: record " + expectedId + " should come here but comes later (reordered)"
                        : "record " + expectedId + " is missing before this one (deleted)"));
            }
            if (!record.id().equals(AuditRecord.idOf(record.seq()))) {
                return Optional.of(new AuditBreak(record.seq(), record.id(), "its id does not match its place (edited)"));
            }
            String expectedPrevious = previous == null ? GENESIS : previous.hash();
            if (!record.previousHash().equals(expectedPrevious)) {
                return Optional.of(new AuditBreak(record.seq(), record.id(),
                        "it does not link to the record before it (reordered, or a record was replaced)"));
            }
            if (!record.hash().equals(hash(record.seq(), record.id(), record.entry(), record.previousHash()))) {
                return Optional.of(new AuditBreak(record.seq(), record.id(), "its content does not match its hash (edited)"));
            }
            previous = record;
        }
        return Optional.empty();
    }

    /**
     * Where the chain breaks.
     *
     * @param seq    the sequence number stored in the first bad record
     * @param id     its id as stored
     * @param reason what is wrong with it
     */
    public record AuditBreak(long seq, String id, String reason) {
    }
}
