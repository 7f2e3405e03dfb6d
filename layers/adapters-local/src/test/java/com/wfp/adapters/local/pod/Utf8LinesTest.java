package com.wfp.adapters.local.pod;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8LinesTest {

    @Test
    void next_whenReadsEndMidLineAndMidCharacter_returnsWholeDecodedLines() throws IOException {
        String text = "{\"event\":\"execution\",\"name\":\"grüße €\"}\r\nsecond 𝄞 line\n\nlast without end";
        for (int chunk = 1; chunk <= 7; chunk++) {
            assertThat(lines(new Trickle(text.getBytes(StandardCharsets.UTF_8), chunk))).as("chunks of " + chunk)
                    .containsExactly("{\"event\":\"execution\",\"name\":\"grüße €\"}", "second 𝄞 line", "", "last without end");
        }
    }

    @Test
    void next_whenALineOutgrowsTheBuffer_keepsItWhole() throws IOException {
        String longLine = "x".repeat(200_000);
        byte[] bytes = ("short\n" + longLine + "\nafter\n").getBytes(StandardCharsets.UTF_8);
        assertThat(lines(new Trickle(bytes, 10_000))).containsExactly("short", longLine, "after");
    }

    @Test
    void next_whenBytesAreNotUtf8_decodesThemAsReplacementCharacters() throws IOException {
        byte[] bytes = {'a', (byte) 0xff, 'b', '\n', (byte) 0xc3, '\n'};
        assertThat(lines(new ByteArrayInputStream(bytes))).containsExactly("a\uFFFDb", "\uFFFD");
    }

    @Test
    void next_whenTheStreamIsEmpty_returnsNull() throws IOException {
        assertThat(new Utf8Lines(new ByteArrayInputStream(new byte[0])).next()).isNull();
    }

    private static List<String> lines(InputStream in) throws IOException {
        Utf8Lines reader = new Utf8Lines(in);
        List<String> lines = new ArrayList<>();
        for (String line = reader.next(); line != null; line = reader.next()) {
            lines.add(line);
        }
        return lines;
    }

    /** A stream that hands out at most {@code chunk} bytes a read, as a pipe under load may. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private int position;

        Trickle(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, chunk), bytes.length - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }
    }
}
