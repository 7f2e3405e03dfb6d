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

    byte[] read(Request request) {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw tooLarge(declared);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(-1);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the request body", e);
        }
    }

    private DomainException tooLarge(long declared) {
        String size = declared >= 0 ? declared + " bytes" : "more than " + maxBytes + " bytes";
        return new DomainException("request.too-large", 413,
                "The request body is " + size + "; the gateway accepts at most " + maxBytes + " bytes",
                "Send a smaller document; a workflow may be at most 1 MiB.");
    }
}
