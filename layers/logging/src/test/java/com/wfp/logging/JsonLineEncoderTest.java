package com.wfp.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLineEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Logger logger;

    @BeforeEach
    void logToMemory() {
        // The process's own context, as configured by JsonLogConfigurator: its MDC is the one LogContext fills.
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        logger = context.getLogger("com.wfp.Example");
        logger.detachAndStopAllAppenders();
        logger.setAdditive(false);
        logger.addAppender(appender);
    }

    @Test
    void encode_whenAMessageIsLoggedInARequest_writesOneJsonLineWithTheFixedFieldsAndTheRequestId() throws Exception {
        try (LogContext.Scope ignored = LogContext.requestId("req-1")) {
            logger.info("rollout of {} resumed", "ada/shop/checkout");
        }

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(1);
        JsonNode line = lines.getFirst();
        assertThat(Instant.parse(line.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger").asText()).isEqualTo("com.wfp.Example");
        assertThat(line.get("message").asText()).isEqualTo("rollout of ada/shop/checkout resumed");
        assertThat(line.get("requestId").asText()).isEqualTo("req-1");
        assertThat(line.has("error")).isFalse();
    }

    @Test
    void encode_whenAFailureWithACauseIsLogged_keepsTheWholeStackInOneField() throws Exception {
        IllegalStateException failure = new IllegalStateException("store down\nsecond line",
                new java.io.IOException("connection reset"));

        logger.error("request failed", failure);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(1);
        JsonNode error = lines().getFirst().get("error");
        assertThat(error.get("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("message").asText()).isEqualTo("store down\nsecond line");
        assertThat(error.get("stack").asText())
                .contains("JsonLineEncoderTest.encode_whenAFailureWithACauseIsLogged_keepsTheWholeStackInOneField")
                .contains("Caused by: java.io.IOException: connection reset");
    }

    @Test
    void encode_whenTheContextAndKeyValuesAreSet_writesThemAsFieldsAndNeverOverwritesAFixedOne() throws Exception {
        try (LogContext.Scope outer = LogContext.requestId("outer");
             LogContext.Scope message = LogContext.with("message", "from the context")) {
            try (LogContext.Scope inner = LogContext.requestId("inner")) {
                logger.atWarn().addKeyValue("rollout", "ada/shop/checkout").log("inner");
            }
            logger.warn("outer");
        }
        logger.warn("after");

        List<JsonNode> lines = lines();
        assertThat(lines.get(0).get("requestId").asText()).isEqualTo("inner");
        assertThat(lines.get(0).get("rollout").asText()).isEqualTo("ada/shop/checkout");
        assertThat(lines.get(0).get("message").asText()).isEqualTo("inner");
        assertThat(lines.get(0).get("context.message").asText()).isEqualTo("from the context");
        assertThat(lines.get(1).get("requestId").asText()).isEqualTo("outer");
        assertThat(lines.get(2).has("requestId")).isFalse();
    }

    @Test
    void configure_whenTheProcessStarts_writesJsonLinesToStandardErrorAtInfo() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        assertThat(root.getAppender("json-stderr")).isInstanceOf(ch.qos.logback.core.ConsoleAppender.class);
        assertThat(((ch.qos.logback.core.ConsoleAppender<ILoggingEvent>) root.getAppender("json-stderr")).getEncoder())
                .isInstanceOf(JsonLineEncoder.class);
        assertThat(root.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
        assertThat(context.getLogger("org.eclipse.jetty").getEffectiveLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
