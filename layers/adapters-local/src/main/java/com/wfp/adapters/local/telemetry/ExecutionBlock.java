package com.wfp.adapters.local.telemetry;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.NodeTiming;
import com.wfp.workflow.engine.ExecutionStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Successful executions of one release, many to a row of {@code execution_blocks}: a SQLite
 * statement costs a few microseconds however little it writes, which one row per execution paid
 * on every production call, while a block costs a fraction of that per execution. Failures keep a
 * row each, since they are searched, grouped and counted by SQL.
 *
 * <p>The encoding is private to the store: a format byte, the count, then each execution in the
 * order given. Numbers are variable-length (start times as the difference from the one before);
 * a string is written once per block and referred to by its index after that, so node ids, types,
 * statuses, hosts and callers that repeat from execution to execution cost a byte or two.
 */
final class ExecutionBlock {

    private static final int FORMAT = 1;

    private ExecutionBlock() {
    }

    /** How a block's rows are found by execution id: its ids' common first characters (time, for the pods' ids). */
    static String bucketOf(String executionId) {
        return executionId.length() <= 8 ? executionId : executionId.substring(0, 8);
    }

    /** The block of {@code records}, all successes of one release. */
    static byte[] encode(List<ExecutionRecord> records) {
        Writer out = new Writer(64 + 48 * records.size());
        out.varint(FORMAT);
        out.varint(records.size());
        long previousStart = 0;
        for (ExecutionRecord r : records) {
            if (r.failure() != null) {
                throw new IllegalArgumentException("A failed execution keeps a row of its own: " + r.executionId());
            }
            out.text(r.executionId());
            long start = r.startedAt().toEpochMilli();
            out.signed(start - previousStart);
            previousStart = start;
            out.string(r.status().name());
            out.varint(r.httpStatus());
            out.signed(r.durationMicros());
            out.string(r.callerKeyId());
            out.varint(r.shadow() ? 1 : 0);
            out.varint(r.nodes().size());
            for (NodeTiming node : r.nodes()) {
                out.string(node.nodeId());
                out.string(node.type());
                out.string(node.status());
                out.signed(node.durationMicros());
                out.string(node.upstreamHost());
                out.varint(node.upstreamStatus());
            }
        }
        return out.bytes();
    }

    /**
     * The executions of a block, in the order they were encoded.
     *
     * @throws IllegalStateException when the bytes are not a block this store wrote
     */
    static List<ExecutionRecord> decode(WorkflowRef ref, ReleaseId releaseId, String version, byte[] block) {
        try {
            Reader in = new Reader(block);
            int format = (int) in.varint();
            if (format != FORMAT) {
                throw new IllegalStateException("format " + format + ", which this version does not read");
            }
            int count = in.count();
            List<ExecutionRecord> records = new ArrayList<>(count);
            long start = 0;
            for (int i = 0; i < count; i++) {
                String id = in.text();
                start += in.signed();
                ExecutionStatus status = ExecutionStatus.valueOf(in.string());
                int httpStatus = (int) in.varint();
                long duration = in.signed();
                String caller = in.string();
                boolean shadow = in.varint() == 1;
                int nodeCount = in.count();
                List<NodeTiming> nodes = new ArrayList<>(nodeCount);
                for (int n = 0; n < nodeCount; n++) {
                    nodes.add(new NodeTiming(in.string(), in.string(), in.string(), in.signed(), in.string(),
                            (int) in.varint()));
                }
                records.add(new ExecutionRecord(id, ref, releaseId, version, Instant.ofEpochMilli(start), status,
                        httpStatus, duration, caller, shadow, nodes, null));
            }
            return records;
        } catch (RuntimeException e) {
            throw new IllegalStateException("An execution block of " + ref + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Bytes appended to an array that grows; not synchronized, unlike the JDK's streams. */
    private static final class Writer {
        private byte[] buffer;
        private int size;
        private final Map<String, Integer> strings = new HashMap<>();

        Writer(int capacity) {
            buffer = new byte[capacity];
        }

        void varint(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[size++] = (byte) value;
        }

        void signed(long value) {
            varint((value << 1) ^ (value >> 63));
        }

        /** A string written in full: its UTF-8 length, then its bytes. */
        void text(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buffer, size, utf8.length);
            size += utf8.length;
        }

        /** 0 for null; 1 and the text for a string first seen; 2k + 2 for the k-th string seen before (from 0). */
        void string(String value) {
            if (value == null) {
                varint(0);
                return;
            }
            Integer index = strings.get(value);
            if (index != null) {
                varint(2L * index + 2);
                return;
            }
            strings.put(value, strings.size());
            varint(1);
            text(value);
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
        }
    }

    private static final class Reader {
        private final byte[] buffer;
        private int position;
        private final List<String> strings = new ArrayList<>();

        Reader(byte[] buffer) {
            this.buffer = buffer;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= buffer.length) {
                    throw new IllegalStateException("it ends inside a number");
                }
                byte b = buffer[position++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("a number longer than 64 bits");
        }

        long signed() {
            long raw = varint();
            return (raw >>> 1) ^ -(raw & 1);
        }

        /** A count of things each taking at least a byte, so never more than the bytes left. */
        int count() {
            long count = varint();
            if (count < 0 || count > buffer.length - position) {
                throw new IllegalStateException("a count of " + count + " with " + (buffer.length - position) + " bytes left");
            }
            return (int) count;
        }

        String text() {
            int length = count();
            String value = new String(buffer, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }

        String string() {
            long tag = varint();
            if (tag == 0) {
                return null;
            }
            if (tag == 1) {
                String value = text();
                strings.add(value);
                return value;
            }
            long index = (tag - 2) / 2;
            if ((tag & 1) != 0 || index >= strings.size()) {
                throw new IllegalStateException("a reference to string " + index + " of " + strings.size());
            }
            return strings.get((int) index);
        }
    }
}
