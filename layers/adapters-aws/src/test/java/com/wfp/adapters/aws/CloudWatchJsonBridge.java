package com.wfp.adapters.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.Executors;

/**
 * CloudWatch for the SDK on moto_server: the SDK's CloudWatch client speaks only Smithy RPCv2 CBOR,
 * which moto 5.2 does not, while moto speaks CloudWatch's JSON protocol (awsJson1_0). This bridge
 * takes each CBOR call ({@code POST /service/GraniteServiceVersion20100801/operation/<Op>}), hands
 * it to moto as the same call in JSON ({@code X-Amz-Target: GraniteServiceVersion20100801.<Op>})
 * and answers moto's JSON back in CBOR, timestamps tagged as the protocol wants. Only the wire
 * format changes: what the call asks and what moto answers pass as they are, so a test through it
 * checks the adapter against moto's CloudWatch, not against this class. Against another endpoint
 * ({@code AWS_ENDPOINT_URL}) the tests talk to it directly (see {@link MotoServer#cloudWatchEndpoint()}).
 */
public final class CloudWatchJsonBridge implements AutoCloseable {

    private static final String SERVICE = "GraniteServiceVersion20100801";
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newHttpClient();

    public CloudWatchJsonBridge(URI target) {
        this.target = target;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "cloudwatch-json-bridge");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::bridge);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void bridge(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String operation = path.substring(path.lastIndexOf('/') + 1);
            byte[] json = cborToJson(exchange.getRequestBody().readAllBytes());
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve("/"))
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", SERVICE + "." + operation)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = jsonToCbor(answer.body());
            exchange.getResponseHeaders().add("Content-Type", "application/cbor");
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] cborToJson(byte[] cbor) throws IOException {
        if (cbor.length == 0) {
            return "{}".getBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonParser parser = CBOR.createParser(cbor); JsonGenerator json = JSON.createGenerator(out)) {
            parser.nextToken();
            json.copyCurrentStructure(parser);
        }
        return out.toByteArray();
    }

    private static byte[] jsonToCbor(byte[] json) throws IOException {
        if (json.length == 0) {
            return json;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonParser parser = JSON.createParser(json); CBORGenerator cbor = CBOR.createGenerator(out)) {
            String field = "";
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                boolean timestamp = field.endsWith("Timestamp") || field.endsWith("Timestamps")
                        || field.equals("LastModified");
                switch (token) {
                    case START_OBJECT -> cbor.writeStartObject();
                    case END_OBJECT -> cbor.writeEndObject();
                    case START_ARRAY -> cbor.writeStartArray();
                    case END_ARRAY -> cbor.writeEndArray();
                    case FIELD_NAME -> {
                        field = parser.currentName();
                        cbor.writeFieldName(field);
                    }
                    case VALUE_STRING -> {
                        if (timestamp && parser.getText().contains("T")) {
                            cbor.writeTag(1);
                            cbor.writeNumber(Instant.parse(parser.getText()).toEpochMilli() / 1000.0);
                        } else {
                            cbor.writeString(parser.getText());
                        }
                    }
                    case VALUE_NUMBER_INT -> {
                        if (timestamp) {
                            cbor.writeTag(1);
                        }
                        cbor.writeNumber(parser.getLongValue());
                    }
                    case VALUE_NUMBER_FLOAT -> {
                        if (timestamp) {
                            cbor.writeTag(1);
                        }
                        cbor.writeNumber(parser.getDoubleValue());
                    }
                    case VALUE_TRUE -> cbor.writeBoolean(true);
                    case VALUE_FALSE -> cbor.writeBoolean(false);
                    case VALUE_NULL -> cbor.writeNull();
                    default -> {
                    }
                }
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
