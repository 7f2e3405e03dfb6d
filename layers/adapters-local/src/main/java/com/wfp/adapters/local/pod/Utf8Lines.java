package com.wfp.adapters.local.pod;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a UTF-8 stream, read a buffer at a time and decoded one whole line at once. A pod writes an
 * execution line for every production call, and a reader that decodes through a character stream first (as
 * {@link java.io.BufferedReader} over an {@link java.io.InputStreamReader} does) spent more on each line than
 * parsing it. Lines end at {@code \n}; a {@code \r} before it is dropped; malformed bytes decode as U+FFFD.
 * Not thread-safe: one reader thread per stream.
 */
final class Utf8Lines {

    private static final int INITIAL_BUFFER_BYTES = 64 * 1024;

    private final InputStream in;
    private byte[] buffer = new byte[INITIAL_BUFFER_BYTES];
    /** The unread bytes are {@code buffer[start, end)}; those before {@code scanned} hold no line end. */
    private int start;
    private int scanned;
    private int end;

    Utf8Lines(InputStream in) {
        this.in = in;
    }

    /** The next line without its end, or null at the end of the stream (a last line without an end is returned). */
    String next() throws IOException {
        while (true) {
            for (int i = scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    String line = decode(start, i);
                    start = i + 1;
                    scanned = start;
                    return line;
                }
            }
            scanned = end;
            if (!fill()) {
                if (start == end) {
                    return null;
                }
                String last = decode(start, end);
                start = end;
                scanned = end;
                return last;
            }
        }
    }

    private String decode(int from, int lineEnd) {
        int to = lineEnd > from && buffer[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        return new String(buffer, from, to - from, StandardCharsets.UTF_8);
    }

    /** Reads more bytes after the unread ones, making room first; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end == buffer.length) {
            // A line longer than the buffer: as a BufferedReader would, keep it whole.
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            return false;
        }
        end += read;
        return true;
    }
}
