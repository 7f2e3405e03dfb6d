package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.engine.EngineSettings;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.secrets.InMemorySecretProvider;
import com.wfp.workflow.RandomCases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Validation and the engine's release compiler must agree in one direction: whatever validates
 * without errors must load in the engine, or a workflow could pass validation and then fail to
 * publish. Explored by applying a few random edits to the valid samples, which keeps many of the
 * edited workflows valid.
 */
class ValidatorEngineAgreementTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<JsonNode> SAMPLES = loadValidSamples();
    private static final String[] TYPES = {"trigger.http", "transform", "condition", "switch", "http.request", "delay",
            "merge", "respond", "fail"};
    private static final String[] BRANCHES = {null, "true", "false", "default", "error", "billing", "technical", "x"};
    private static final String[] FIELDS = {"status", "method", "ms", "timeoutMs", "expression", "message", "body",
            "cases", "url", "auth", "retry"};
    private static final JsonNode[] VALUES = {F.numberNode(0), F.numberNode(200), F.numberNode(404), F.numberNode(599),
            F.numberNode(300_000), F.numberNode(-1), F.textNode("GET"), F.textNode("post"), F.textNode("input"),
            F.textNode("default"), F.textNode("https://api.example.com/x"), F.textNode("http://api.example.com/x"),
            F.booleanNode(true), F.nullNode(), F.arrayNode().add("a").add("b"), F.arrayNode().add("default"),
            F.objectNode().put("maxAttempts", 3), F.textNode("{{ input.x }}")};

    private final WorkflowValidator validator = new WorkflowValidator();
    private final WorkflowEngine engine = new WorkflowEngine(EngineSettings.defaults(), InMemorySecretProvider.empty());

    private static List<JsonNode> loadValidSamples() {
        try (var files = Files.list(SampleWorkflowsTest.SAMPLES.resolve("valid"))) {
            List<JsonNode> docs = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                docs.add(Documents.JSON.readTree(f.toFile()));
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final AtomicInteger STILL_VALID = new AtomicInteger();
    private static final int CASES = 250;

    static Stream<Long> seeds() {
        return RandomCases.seeds(CASES);
    }

    @AfterAll
    static void editsKeepEnoughWorkflowsValidToMeanSomething() {
        // Guards the exploration itself: if almost no edited workflow stays valid, the property checks nothing.
        assertThat(STILL_VALID.get()).isGreaterThan(CASES / 10);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void prepare_whenEditedSampleStillValidates_loadsInTheEngine(long seed) {
        Random r = new Random(seed);
        ObjectNode doc = (ObjectNode) SAMPLES.get(r.nextInt(SAMPLES.size())).deepCopy();
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits; i++) {
            edit(doc, r);
        }
        Workflow workflow = Documents.PARSER.parseTree(doc);

        boolean valid = validator.validate(workflow).valid();

        if (valid) {
            STILL_VALID.incrementAndGet();
            assertThatCode(() -> engine.prepare(workflow, "rel-1", "v1")).as(doc.toString()).doesNotThrowAnyException();
        }
    }

    private static void edit(ObjectNode doc, Random r) {
        ArrayNode nodes = (ArrayNode) doc.get("nodes");
        ArrayNode edges = (ArrayNode) doc.get("edges");
        ObjectNode node = (ObjectNode) nodes.get(r.nextInt(nodes.size()));
        switch (r.nextInt(6)) {
            case 0 -> node.withObjectProperty("config").set(pick(r, FIELDS), pick(r, VALUES));
            case 1 -> node.withObjectProperty("config").remove(pick(r, FIELDS));
            case 2 -> node.put("type", pick(r, TYPES));
            case 3 -> {
                if (!edges.isEmpty()) {
                    edges.remove(r.nextInt(edges.size()));
                }
            }
            case 4 -> {
                ObjectNode e = edges.addObject();
                e.put("from", nodes.get(r.nextInt(nodes.size())).get("id").asText());
                e.put("to", nodes.get(r.nextInt(nodes.size())).get("id").asText());
                String branch = pick(r, BRANCHES);
                if (branch != null) {
                    e.put("branch", branch);
                }
            }
            default -> {
                if (!edges.isEmpty()) {
                    ObjectNode e = (ObjectNode) edges.get(r.nextInt(edges.size()));
                    String branch = pick(r, BRANCHES);
                    if (branch == null) {
                        e.remove("branch");
                    } else {
                        e.put("branch", branch);
                    }
                }
            }
        }
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }
}
