package com.wfp.local.gateway;

import com.wfp.handlers.http.StreamingHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * Sends a {@link StreamingHandler}'s stream as the answer to one request: the headers at once,
 * then each piece of text as the handler writes it, from a virtual thread of its own, so a
 * stream held open for minutes holds no gateway thread.
 */
final class StreamedResponse {

    private StreamedResponse() {
    }

    /** Starts sending {@code stream}; the response completes when the stream ends or the client goes away. */
    static void start(StreamingHandler.TextStream stream, String name, Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, stream.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Thread.ofVirtual().name("stream-" + name).start(() -> {
            try (stream) {
                stream.writeTo(text -> send(response, text));
                response.write(true, ByteBuffer.allocate(0), callback);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                callback.failed(e);
            } catch (IOException | RuntimeException e) {
                // The client went away, or the store failed: end the stream, the client can poll.
                callback.failed(e);
            }
        });
    }

    private static void send(Response response, String text) throws IOException {
        Callback.Completable written = new Callback.Completable();
        response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
        try {
            written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending a stream");
        } catch (ExecutionException e) {
            throw new IOException("the stream could not be sent", e.getCause());
        }
    }
}
