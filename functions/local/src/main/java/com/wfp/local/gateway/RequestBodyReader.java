package com.wfp.local.gateway;

import com.wfp.workflow.error.DomainException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a request body into memory, refusing (413) anything over the cap before or while reading it. */
final class RequestBodyReader {

    private final int maxBytes;

    RequestBodyReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A refused body up to this size is read to its end, so the connection survives to carry the refusal. */
    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    byte[] read(Request request) {
        long declared = request.getLength();
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > maxBytes) {
                discardUpTo(in, DRAIN_LIMIT);
                throw tooLarge(declared);
            }
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                discardUpTo(in, DRAIN_LIMIT);
                throw tooLarge(-1);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the request body", e);
        }
    }

    /**
     * Closing a socket with unread bytes makes the kernel reset it, which can destroy the refusal
     * already sent; reading the rest (within reason) lets the caller see the 413.
     */
    private static void discardUpTo(InputStream in, long cap) throws IOException {
        long discarded = 0;
        byte[] sink = new byte[16 * 1024];
        int read;
        while (discarded < cap && (read = in.read(sink)) >= 0) {
            discarded += read;
        }
    }

    private DomainException tooLarge(long declared) {
        String size = declared >= 0 ? declared + " bytes" : "more than " + maxBytes + " bytes";
        return new DomainException("request.too-large", 413,
                "The request body is " + size + "; the gateway accepts at most " + maxBytes + " bytes",
                "Send a smaller document; a workflow may be at most 1 MiB.");
    }
}
