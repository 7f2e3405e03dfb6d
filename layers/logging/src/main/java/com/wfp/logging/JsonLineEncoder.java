package com.wfp.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.event.KeyValuePair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * Writes each log event as one JSON line: {@code time} (ISO-8601, UTC), {@code level}, {@code logger},
 * {@code thread}, {@code message}, then the event's context (the {@link LogContext} ids such as
 * {@code requestId} or {@code executionId}, and any key-value pairs the call added), and for a failure
 * {@code error} with its {@code type}, {@code message} and the whole {@code stack} (causes included) as one
 * string. Nothing it writes spans two lines, so CloudWatch Logs and a terminal keep one event per line.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final byte[] NOTHING = new byte[0];
    /** Context keys that would overwrite the fixed fields are written with a prefix instead. */
    private static final Set<String> FIXED = Set.of("time", "level", "logger", "thread", "message", "error");

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("time", event.getInstant().toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            Map<String, String> context = event.getMDCPropertyMap();
            if (context != null) {
                for (Map.Entry<String, String> entry : context.entrySet()) {
                    json.writeStringField(name(entry.getKey()), entry.getValue());
                }
            }
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair pair : event.getKeyValuePairs()) {
                    json.writeStringField(name(pair.key), String.valueOf(pair.value));
                }
            }
            IThrowableProxy failure = event.getThrowableProxy();
            if (failure != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("type", failure.getClassName());
                json.writeStringField("message", failure.getMessage());
                json.writeStringField("stack", ThrowableProxyUtil.asString(failure));
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a log line could not be written as JSON", e);
        }
        line.write('\n');
        return line.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    private static String name(String key) {
        return FIXED.contains(key) ? "context." + key : key;
    }
}
