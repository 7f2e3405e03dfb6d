package com.wfp.pod;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.adapters.pod.BoundedBodyReader;
import com.wfp.adapters.pod.LoadConfirmation;
import com.wfp.workflow.error.DomainException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;

/** The pod's JSON on the wire: bounded request bodies parsed to trees, and JSON answers written. */
final class PodJson {

    private static final HttpField JSON_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    /**
     * Jackson recycles its buffers per thread by default, about 20 KB on each of up to a thousand handler threads;
     * a shared concurrent pool keeps as many as are in use at once and recycles them across threads.
     */
    private static final JsonFactory OUTPUT_FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build();

    private final ObjectMapper output = new ObjectMapper(OUTPUT_FACTORY);
    private final ObjectWriter writer = output.writer();
    private final ObjectMapper input;
    private final int maxBodyBytes;
    private final BoundedBodyReader runBodies;
    private final BoundedBodyReader loadBodies;

    PodJson(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        JsonFactory factory = JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(200)
                        .maxDocumentLength(2L * maxBodyBytes)
                        .build())
                .build();
        this.input = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        this.runBodies = bodies(maxBodyBytes);
        this.loadBodies = bodies(2 * maxBodyBytes);
    }

    private static BoundedBodyReader bodies(int limit) {
        return new BoundedBodyReader(limit, declared -> new DomainException("request.too-large", 413,
                "The request body is larger than " + limit + " bytes",
                "Send a smaller body, or fetch large data inside the workflow with an http.request node."));
    }

    /** A run's input: the body as JSON, null when blank. */
    JsonNode runInput(Request request) {
        return parse(runBodies.read(request));
    }

    /** A load's envelope, which may be twice a run's size (the definition plus its framing). */
    JsonNode loadEnvelope(Request request) {
        return parse(loadBodies.read(request));
    }

    ObjectNode object() {
        return output.createObjectNode();
    }

    byte[] bytes(JsonNode body) throws JsonProcessingException {
        return writer.writeValueAsBytes(body);
    }

    /** The value as JSON text for a log line, cut at {@value #MAX_LOGGED_INPUT} characters. */
    String text(JsonNode value) {
        String text;
        try {
            text = new String(bytes(value), java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            return "";
        }
        return text.length() <= MAX_LOGGED_INPUT ? text : text.substring(0, MAX_LOGGED_INPUT) + "...";
    }

    /** The longest input a log line carries: enough to debug with, never a whole upload. */
    static final int MAX_LOGGED_INPUT = 8192;

    ObjectNode describe(LoadedRelease release) {
        ObjectNode node = output.createObjectNode();
        node.put(LoadConfirmation.RELEASE_ID, release.releaseId());
        node.put(LoadConfirmation.WORKFLOW_ID, release.workflowId());
        node.put(LoadConfirmation.VERSION, release.version());
        node.put(LoadConfirmation.SHA256, release.sha256());
        node.put(LoadConfirmation.LOADED_AT, release.loadedAt().toString());
        node.put(LoadConfirmation.EXECUTIONS, release.executions().sum());
        return node;
    }

    void send(Response response, Callback callback, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = output.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
        response.setStatus(status);
        write(response, callback, bytes);
    }

    /** Writes a complete body with its length, typed JSON unless a type is set already. */
    static void write(Response response, Callback callback, byte[] body) {
        var headers = response.getHeaders();
        if (body.length > 0 && !headers.contains(HttpHeader.CONTENT_TYPE)) {
            headers.put(JSON_TYPE);
        }
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private JsonNode parse(byte[] body) {
        if (isBlank(body)) {
            return NullNode.getInstance();
        }
        try {
            return input.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new DomainException("request.too-complex", 413, "The JSON input is too large or too deeply nested",
                    "Send at most " + maxBodyBytes + " bytes nested at most 200 levels deep.");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 1 : Math.max(1, at.getColumnNr());
            throw DomainException.badRequest("request.invalid-json",
                    "Invalid JSON at line " + line + ", column " + column + ": " + e.getOriginalMessage(),
                    "Send a JSON document as the body (or no body at all for a null input).");
        } catch (IOException e) {
            throw DomainException.badRequest("request.unreadable", "The request body could not be read: " + e.getMessage(),
                    "Send the body again.");
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
