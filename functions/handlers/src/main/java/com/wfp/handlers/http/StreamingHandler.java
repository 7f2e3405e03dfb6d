package com.wfp.handlers.http;

import java.io.IOException;
import java.util.Optional;

/**
 * A handler whose answer a host able to hold a response open sends as a stream of text (such as
 * server-sent events) instead of one body. A host that cannot (Lambda) calls
 * {@link ApiHandler#handleRequest} as for any handler and sends its one-shot answer.
 */
public interface StreamingHandler {

    /**
     * The stream answering {@code request}, or empty when this handler answers with one body. A
     * refusal (such as the 404 of an unknown id) is thrown here, before anything is sent.
     */
    Optional<TextStream> open(ApiRequest request);

    /** An open stream: its content type and what writes its text. */
    interface TextStream extends AutoCloseable {

        /** The {@code Content-Type} of the stream. */
        String contentType();

        /** Writes the stream's text to {@code sink} until the stream ends. */
        void writeTo(Sink sink) throws IOException, InterruptedException;

        /** Releases what the stream holds (a subscription), whether or not it was written. */
        @Override
        void close();
    }

    /** Where a stream's text goes: each call returns once the text is sent. */
    @FunctionalInterface
    interface Sink {
        void send(String text) throws IOException;
    }
}
