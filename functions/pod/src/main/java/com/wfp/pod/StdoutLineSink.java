package com.wfp.pod;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes log lines to the process's standard output through its own buffer, bypassing {@code System.out}
 * (which {@link PodMain} points at stderr so that no library can mix text into the JSON lines).
 */
public final class StdoutLineSink implements LineSink {

    private final Writer out = new BufferedWriter(
            new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);

    @Override
    public void write(String line) {
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("stdout cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("stdout cannot be written: " + e.getMessage(), e);
        }
    }
}
