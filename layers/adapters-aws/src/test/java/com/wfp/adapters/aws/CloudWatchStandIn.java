package com.wfp.adapters.aws;

import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CloudWatch's {@code GetMetricData} on a local port, answering in the SDK's current protocol
 * (Smithy RPCv2 CBOR), which moto does not speak: each query id gets the values set with
 * {@link #answer}, or every call fails with a service error after {@link #fail}. Keeps the last
 * request body, whose CBOR text strings read as they are.
 */
public final class CloudWatchStandIn implements AutoCloseable {

    private final HttpServer server;
    private final AtomicReference<String> lastRequest = new AtomicReference<>("");
    private volatile Map<String, double[]> answer = Map.of();
    private volatile boolean failing;

    public CloudWatchStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            lastRequest.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
            byte[] body = failing ? errorBody() : results(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/cbor");
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            exchange.sendResponseHeaders(failing ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on, query {@code id} gets {@code values}. */
    public CloudWatchStandIn answer(Map<String, double[]> values) {
        this.answer = Map.copyOf(values);
        this.failing = false;
        return this;
    }

    /** From now on, every call fails as CloudWatch does when it is down. */
    public CloudWatchStandIn fail() {
        this.failing = true;
        return this;
    }

    /** The last request's body, as text. */
    public String lastRequest() {
        return lastRequest.get();
    }

    private static byte[] results(Map<String, double[]> values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator cbor = new CBORFactory().createGenerator(out)) {
            cbor.writeStartObject();
            cbor.writeFieldName("MetricDataResults");
            cbor.writeStartArray();
            for (Map.Entry<String, double[]> result : values.entrySet()) {
                cbor.writeStartObject();
                cbor.writeStringField("Id", result.getKey());
                cbor.writeStringField("StatusCode", "Complete");
                cbor.writeFieldName("Values");
                cbor.writeStartArray();
                for (double value : result.getValue()) {
                    cbor.writeNumber(value);
                }
                cbor.writeEndArray();
                cbor.writeEndObject();
            }
            cbor.writeEndArray();
            cbor.writeEndObject();
        }
        return out.toByteArray();
    }

    private static byte[] errorBody() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator cbor = new CBORFactory().createGenerator(out)) {
            cbor.writeStartObject();
            cbor.writeStringField("__type", "com.amazonaws.cloudwatch#InternalServiceFault");
            cbor.writeStringField("message", "CloudWatch is having a bad day");
            cbor.writeEndObject();
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
