package com.wfp.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What CloudWatch does with the route function's EMF lines, on this machine: the lines the
 * functions print on standard output are read as CloudWatch Logs would ship them, each
 * {@code wfp/Route} line kept as a datapoint, and {@code GetMetricData} (in the SDK's current
 * protocol, Smithy RPCv2 CBOR, which moto does not speak) answers each query from them: the sum of
 * {@code Calls} or {@code Errors}, or the p95 of {@code LatencyMs}, of the release its
 * {@code ReleaseId} dimension names, between the request's start and end. Moto keeps metrics only
 * from {@code PutMetricData} and computes no percentiles, so it cannot stand in here.
 */
final class EmfCloudWatch implements AutoCloseable {

    private record Point(long atMillis, String releaseId, double calls, double errors, double latencyMs) {
    }

    private final List<Point> points = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final PrintStream originalOut;

    /** Starts reading standard output and answering on a free port. */
    EmfCloudWatch() {
        originalOut = System.out;
        System.setOut(new PrintStream(new LineTee(originalOut), true, StandardCharsets.UTF_8));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body;
            int status = 200;
            try {
                body = answer(exchange.getRequestBody().readAllBytes());
            } catch (RuntimeException | IOException e) {
                status = 400;
                body = error(e.toString());
            }
            exchange.getResponseHeaders().add("Content-Type", "application/cbor");
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many calls of the release the lines told of so far. */
    long calls(String releaseId) {
        return points.stream().filter(p -> p.releaseId().equals(releaseId)).mapToLong(p -> (long) p.calls()).sum();
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        server.stop(0);
    }

    private void read(String line) {
        if (!line.startsWith("{\"_aws\"")) {
            return;
        }
        try {
            JsonNode emf = Events.JSON.readTree(line);
            JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").path(0);
            if (!"wfp/Route".equals(directive.path("Namespace").asText())) {
                return;
            }
            points.add(new Point(emf.path("_aws").path("Timestamp").asLong(), emf.path("ReleaseId").asText(),
                    emf.path("Calls").asDouble(), emf.path("Errors").asDouble(), emf.path("LatencyMs").asDouble()));
        } catch (IOException notJson) {
            // CloudWatch Logs keeps such a line as a log event and extracts nothing from it.
        }
    }

    @SuppressWarnings("unchecked")
    private byte[] answer(byte[] request) throws IOException {
        Map<String, Object> input;
        try (JsonParser parser = new CBORFactory().createParser(request)) {
            parser.nextToken();
            input = (Map<String, Object>) value(parser);
        }
        double start = ((Number) input.get("StartTime")).doubleValue() * 1000;
        double end = ((Number) input.get("EndTime")).doubleValue() * 1000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator cbor = new CBORFactory().createGenerator(out)) {
            cbor.writeStartObject();
            cbor.writeFieldName("MetricDataResults");
            cbor.writeStartArray();
            for (Object item : (List<Object>) input.get("MetricDataQueries")) {
                Map<String, Object> query = (Map<String, Object>) item;
                Map<String, Object> stat = (Map<String, Object>) query.get("MetricStat");
                Map<String, Object> metric = (Map<String, Object>) stat.get("Metric");
                String release = (String) ((Map<String, Object>) ((List<Object>) metric.get("Dimensions")).getFirst())
                        .get("Value");
                List<Point> window = points.stream().filter(p -> p.releaseId().equals(release)
                        && p.atMillis() >= start && p.atMillis() < end).toList();
                cbor.writeStartObject();
                cbor.writeStringField("Id", (String) query.get("Id"));
                cbor.writeStringField("StatusCode", "Complete");
                cbor.writeFieldName("Values");
                cbor.writeStartArray();
                if (!window.isEmpty()) {
                    cbor.writeNumber(statistic((String) metric.get("MetricName"), (String) stat.get("Stat"), window));
                }
                cbor.writeEndArray();
                cbor.writeEndObject();
            }
            cbor.writeEndArray();
            cbor.writeEndObject();
        }
        return out.toByteArray();
    }

    private static double statistic(String metric, String stat, List<Point> window) {
        return switch (metric + " " + stat) {
            case "Calls Sum" -> window.stream().mapToDouble(Point::calls).sum();
            case "Errors Sum" -> window.stream().mapToDouble(Point::errors).sum();
            case "LatencyMs p95" -> {
                double[] sorted = window.stream().mapToDouble(Point::latencyMs).sorted().toArray();
                yield sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
            }
            default -> throw new IllegalArgumentException("No stand-in for " + metric + " " + stat);
        };
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, value(parser));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getNumberValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            default -> {
                return null;
            }
        }
    }

    private static byte[] error(String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator cbor = new CBORFactory().createGenerator(out)) {
            cbor.writeStartObject();
            cbor.writeStringField("__type", "com.amazonaws.cloudwatch#InvalidParameterValueException");
            cbor.writeStringField("message", message);
            cbor.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Passes every byte on and hands each whole line to {@link #read}. */
    private final class LineTee extends OutputStream {
        private final OutputStream next;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineTee(OutputStream next) {
            this.next = next;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            next.write(b);
            if (b == '\n') {
                read(line.toString(StandardCharsets.UTF_8).strip());
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public void flush() throws IOException {
            next.flush();
        }
    }
}
