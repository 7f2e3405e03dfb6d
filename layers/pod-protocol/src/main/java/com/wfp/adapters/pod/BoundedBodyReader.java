package com.wfp.adapters.pod;

import com.wfp.workflow.error.DomainException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Blocker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * Reads a request body into memory on the two Jetty servers (the pod and the gateway), refusing anything
 * over the cap before or while reading it. A refused body is read to its end (up to {@link #DRAIN_LIMIT})
 * before the refusal is thrown: closing a socket with unread bytes makes the kernel reset it, which can
 * destroy the 413 already sent. Blocking is fine: both servers run handlers on virtual threads.
 */
public final class BoundedBodyReader {

    /** A refused body up to this size is read to its end, so the connection survives to carry the refusal. */
    public static final long DRAIN_LIMIT = 16L * 1024 * 1024;
    private static final byte[] NO_BODY = new byte[0];

    private final int maxBytes;
    private final LongFunction<DomainException> tooLarge;

    /**
     * @param maxBytes the largest body accepted
     * @param tooLarge the refusal (a 413) given the declared length, or -1 when the body had none and ran over
     */
    public BoundedBodyReader(int maxBytes, LongFunction<DomainException> tooLarge) {
        this.maxBytes = maxBytes;
        this.tooLarge = tooLarge;
    }

    /** The largest body accepted. */
    public int maxBytes() {
        return maxBytes;
    }

    /**
     * The whole body, straight from Jetty's chunks into one array (sized exactly when Content-Length is known).
     *
     * @throws DomainException the refusal, after the body was drained
     */
    public byte[] read(Request request) {
        try {
            return readOrRefuse(request);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the request body", e);
        }
    }

    private byte[] readOrRefuse(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            discardRest(request);
            throw tooLarge.apply(declared);
        }
        if (declared == 0) {
            return NO_BODY;
        }
        byte[] body = new byte[declared > 0 ? (int) declared : 1024];
        int size = 0;
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                try (Blocker.Runnable more = Blocker.runnable()) {
                    request.demand(more);
                    more.block();
                }
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    throw new IOException("the request body could not be read", chunk.getFailure());
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int length = bytes.remaining();
                if ((long) size + length > maxBytes) {
                    chunk.release();
                    chunk = null;
                    discardRest(request);
                    throw tooLarge.apply(-1);
                }
                if (size + length > body.length) {
                    body = Arrays.copyOf(body, Math.min(maxBytes, Math.max(size + length, body.length * 2)));
                }
                bytes.get(body, size, length);
                size += length;
                if (chunk.isLast()) {
                    return size == body.length ? body : Arrays.copyOf(body, size);
                }
            } finally {
                if (chunk != null) {
                    chunk.release();
                }
            }
        }
    }

    private static void discardRest(Request request) throws IOException {
        try (InputStream rest = Content.Source.asInputStream(request)) {
            long discarded = 0;
            byte[] sink = new byte[16 * 1024];
            int read;
            while (discarded < DRAIN_LIMIT && (read = rest.read(sink)) >= 0) {
                discarded += read;
            }
        }
    }
}
