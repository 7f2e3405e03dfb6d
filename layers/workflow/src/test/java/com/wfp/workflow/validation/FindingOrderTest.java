package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.model.Credential;
import com.wfp.workflow.model.Edge;
import com.wfp.workflow.model.Node;
import com.wfp.workflow.model.Workflow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static com.wfp.workflow.validation.Documents.addEdge;
import static com.wfp.workflow.validation.Documents.addNode;
import static com.wfp.workflow.validation.Documents.base;
import static com.wfp.workflow.validation.Documents.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class FindingOrderTest {

    @Test
    void validate_whenFindingsOfAllClasses_ordersGraphThenConfigThenSecurity() {
        ObjectNode doc = base();
        config(doc, "fetch").put("url", "http://10.0.0.1/");
        config(doc, "reply").put("status", 900);
        addNode(doc, "island", "respond", "{}");

        List<String> codes = Documents.codes(doc);

        assertThat(codes).containsExactly("graph.unreachable", "config.out-of-range", "security.insecure-http",
                "security.private-target");
    }

    @Test
    void validate_whenManyNodesHaveFindings_ordersThemByIndexNumerically() {
        ObjectNode doc = base();
        for (int i = 0; i < 12; i++) {
            addNode(doc, "t" + i, "transform", "{\"expression\": \"(\"}");
            addEdge(doc, "fetch", "t" + i, "error");
            addEdge(doc, "t" + i, "reply", null);
        }

        List<String> paths = Documents.findings(doc, "config.expression-syntax").stream().map(Finding::path).toList();

        assertThat(paths).hasSize(12).startsWith("$.nodes[3].config.expression", "$.nodes[4].config.expression")
                .endsWith("$.nodes[13].config.expression", "$.nodes[14].config.expression");
    }

    @Test
    void jsonPath_whenKeysNeedQuoting_printsBracketNotation() {
        JsonPath p = JsonPath.node(2).keys("config", "headers", "X-Api-Key");

        assertThat(p).hasToString("$.nodes[2].config.headers['X-Api-Key']");
        assertThat(JsonPath.ROOT.key("it's")).hasToString("$['it\\'s']");
    }

    @Test
    void jsonPath_whenCompared_usesIndexesNumericallyAndKnownKeysInDocumentOrder() {
        List<JsonPath> paths = new ArrayList<>(Arrays.asList(
                JsonPath.ROOT.key("settings"), JsonPath.node(10), JsonPath.node(2).key("id"), JsonPath.node(2),
                JsonPath.edge(0), JsonPath.ROOT.key("id"), JsonPath.node(2).key("config")));

        paths.sort(null);

        assertThat(paths).map(JsonPath::toString).containsExactly("$.id", "$.nodes[2]", "$.nodes[2].id",
                "$.nodes[2].config", "$.nodes[10]", "$.edges[0]", "$.settings");
    }

    @Test
    void validate_whenWorkflowBuiltWithNulls_reportsInsteadOfThrowing() {
        ObjectNode emptyConfig = JsonNodeFactory.instance.objectNode();
        Workflow workflow = new Workflow(1, null, null, null,
                List.of(new Node(null, null, null, 0), new Node("a", "respond", emptyConfig, 1)),
                List.of(new Edge(null, null, null, 0), new Edge("a", "a", null, 1)),
                List.of(new Credential(null, null, 0)),
                null, null);

        assertThatCode(() -> new WorkflowValidator().validate(workflow)).doesNotThrowAnyException();
        assertThat(new WorkflowValidator().validate(workflow).findings()).extracting(Finding::code)
                .contains("config.invalid-id", "config.unknown-node-type", "graph.no-trigger");
    }
}
