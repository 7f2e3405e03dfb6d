package com.wfp.platform.telemetry;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

/**
 * Latencies of many calls, as an HdrHistogram in microseconds with two significant digits (each
 * percentile within 1% of the exact value), from 1 µs to one hour; longer calls count as one hour.
 * Histograms of several minutes or releases are added together and the percentile read from the
 * sum: percentiles are never averaged. Not thread-safe: one writer at a time.
 */
public final class LatencyHistogram {

    /** The longest latency told apart: one hour. */
    public static final long MAX_MICROS = 3_600_000_000L;

    private final Histogram histogram;

    public LatencyHistogram() {
        this(new Histogram(MAX_MICROS, 2));
    }

    private LatencyHistogram(Histogram histogram) {
        this.histogram = histogram;
    }

    /** Counts one call that took {@code micros}. */
    public void record(long micros) {
        histogram.recordValue(Math.max(1, Math.min(MAX_MICROS, micros)));
    }

    /** Adds every count of {@code other} to this one. */
    public void add(LatencyHistogram other) {
        histogram.add(other.histogram);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The latency at the percentile (0-100) in milliseconds; 0 when nothing was counted. */
    public double percentileMillis(double percentile) {
        if (histogram.getTotalCount() == 0) {
            return 0;
        }
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** A copy to keep while this one goes on counting. */
    public LatencyHistogram copy() {
        return new LatencyHistogram(histogram.copy());
    }

    /** The compact binary form the stores keep. */
    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }

    /** Reads the binary form back; an unreadable one is an empty histogram (telemetry is best effort). */
    public static LatencyHistogram fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new LatencyHistogram();
        }
        try {
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            Histogram sized = new Histogram(MAX_MICROS, 2);
            sized.add(decoded);
            return new LatencyHistogram(sized);
        } catch (DataFormatException | RuntimeException e) {
            return new LatencyHistogram();
        }
    }
}
