package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.wfp.workflow.validation.Documents.addEdge;
import static com.wfp.workflow.validation.Documents.addNode;
import static com.wfp.workflow.validation.Documents.base;
import static com.wfp.workflow.validation.Documents.codes;
import static com.wfp.workflow.validation.Documents.edges;
import static com.wfp.workflow.validation.Documents.findings;
import static com.wfp.workflow.validation.Documents.nodes;
import static com.wfp.workflow.validation.Documents.setEdges;
import static org.assertj.core.api.Assertions.assertThat;

class GraphChecksTest {

    @Test
    void validate_whenBaseDocument_reportsNothing() {
        ValidationReport report = Documents.validate(base());

        assertThat(report.findings()).isEmpty();
        assertThat(report.valid()).isTrue();
        assertThat(report.publishability().enabled()).isTrue();
    }

    @Test
    void validate_whenNoTrigger_reportsNoTriggerOnly() {
        ObjectNode doc = base();
        nodes(doc).remove(0);
        setEdges(doc, "fetch>reply");

        List<Finding> found = findings(doc, "graph.no-trigger");

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.path()).isEqualTo("$.nodes");
            assertThat(f.hint()).isNotBlank();
        });
        assertThat(codes(doc)).doesNotContain("graph.unreachable");
    }

    @Test
    void validate_whenTwoTriggers_reportsTheSecondOne() {
        ObjectNode doc = base();
        addNode(doc, "in-2", "trigger.http", "{\"method\": \"GET\", \"auth\": \"apiKey\"}");
        addEdge(doc, "in-2", "fetch", null);

        assertThat(findings(doc, "graph.multiple-triggers")).singleElement()
                .satisfies(f -> assertThat(f.nodeId()).isEqualTo("in-2"));
        assertThat(codes(base())).doesNotContain("graph.multiple-triggers");
    }

    @Test
    void validate_whenEdgeNamesMissingNodes_reportsEachEnd() {
        ObjectNode doc = base();
        addEdge(doc, "ghost", "reply", null);
        addEdge(doc, "fetch", "nowhere", "error");

        List<Finding> found = findings(doc, "graph.edge-unknown-node");

        assertThat(found).extracting(Finding::path).containsExactly("$.edges[2].from", "$.edges[3].to");
    }

    @Test
    void validate_whenEdgePointsIntoTrigger_reportsIt() {
        ObjectNode doc = base();
        addEdge(doc, "fetch", "in", "error");

        assertThat(findings(doc, "graph.edge-into-trigger")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.edges[2].to"));
    }

    @Test
    void validate_whenSelfLoop_reportsSelfLoopAndNoCycle() {
        ObjectNode doc = base();
        addEdge(doc, "fetch", "fetch", "error");

        assertThat(codes(doc)).contains("graph.self-loop").doesNotContain("graph.cycle");
    }

    @Test
    void validate_whenCycle_reportsItsNodes() {
        ObjectNode doc = base();
        addNode(doc, "a", "transform", "{\"expression\": \"1\"}");
        addNode(doc, "b", "transform", "{\"expression\": \"2\"}");
        setEdges(doc, "in>fetch", "fetch>a", "a>b", "b>fetch", "b>reply:error", "fetch>reply:error");

        List<Finding> found = findings(doc, "graph.cycle");

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.nodeId()).isEqualTo("fetch");
            assertThat(f.message()).contains("'fetch'", "'a'", "'b'").doesNotContain("'reply'", "'in'");
        });
    }

    @Test
    void validate_whenTwoSeparateCycles_reportsBoth() {
        ObjectNode doc = base();
        addNode(doc, "a", "transform", "{\"expression\": \"1\"}");
        addNode(doc, "b", "transform", "{\"expression\": \"2\"}");
        setEdges(doc, "in>fetch", "fetch>in", "fetch>a", "a>b", "b>a", "b>reply");

        assertThat(findings(doc, "graph.cycle")).hasSize(2);
    }

    @Test
    void validate_whenAcyclicDiamond_reportsNoCycle() {
        ObjectNode doc = base();
        addNode(doc, "left", "transform", "{\"expression\": \"1\"}");
        addNode(doc, "right", "transform", "{\"expression\": \"2\"}");
        addNode(doc, "join", "merge", "{}");
        setEdges(doc, "in>fetch", "fetch>left", "fetch>right", "left>join", "right>join", "join>reply");

        assertThat(Documents.validate(doc).findings()).isEmpty();
    }

    @Test
    void validate_whenBranchInvalidForSource_reportsInvalidBranch() {
        ObjectNode doc = base();
        ((ObjectNode) edges(doc).get(1)).put("branch", "true");

        assertThat(findings(doc, "graph.invalid-branch")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.edges[1].branch"));
    }

    @Test
    void validate_whenHttpRequestUsesNormalAndErrorPaths_acceptsThem() {
        ObjectNode doc = base();
        addNode(doc, "oops", "fail", "{\"status\": 502, \"message\": \"upstream failed\"}");
        setEdges(doc, "in>fetch", "fetch>reply", "fetch>oops:error");

        assertThat(Documents.validate(doc).findings()).isEmpty();
    }

    @Test
    void validate_whenNonSwitchEdgeNamesDefault_reportsInvalidBranchAsTheEngineDoes() {
        ObjectNode doc = base();
        ((ObjectNode) edges(doc).get(1)).put("branch", "default");

        assertThat(findings(doc, "graph.invalid-branch")).singleElement()
                .satisfies(f -> assertThat(f.hint()).contains("Leave out"));
    }

    @Test
    void validate_whenConditionEdgeHasNoBranch_reportsInvalidBranch() {
        ObjectNode doc = base();
        addNode(doc, "check", "condition", "{\"expression\": \"true\"}");
        setEdges(doc, "in>fetch", "fetch>check", "check>reply", "check>reply:false");

        assertThat(findings(doc, "graph.invalid-branch")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.edges[2]"));
    }

    @Test
    void validate_whenConditionLacksFalseEdge_warns() {
        ObjectNode doc = base();
        addNode(doc, "check", "condition", "{\"expression\": \"true\"}");
        setEdges(doc, "in>fetch", "fetch>check", "check>reply:true");

        assertThat(findings(doc, "graph.condition-missing-branch")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("'false'");
        });
    }

    @Test
    void validate_whenConditionHasBothEdges_reportsNothing() {
        ObjectNode doc = base();
        addNode(doc, "check", "condition", "{\"expression\": \"true\"}");
        addNode(doc, "other", "respond", "{\"status\": 204}");
        setEdges(doc, "in>fetch", "fetch>check", "check>reply:true", "check>other:false");

        assertThat(Documents.validate(doc).findings()).isEmpty();
    }

    @Test
    void validate_whenSwitchUsesCasesAndDefault_acceptsThemAndWarnsForAMissingCase() {
        ObjectNode doc = base();
        addNode(doc, "tier", "switch", "{\"expression\": \"'gold'\", \"cases\": [\"gold\", \"silver\"]}");
        setEdges(doc, "in>fetch", "fetch>tier", "tier>reply:gold", "tier>reply:default");

        assertThat(codes(doc)).containsExactly("graph.switch-missing-branch");
        assertThat(findings(doc, "graph.switch-missing-branch").get(0).message()).contains("'silver'");
    }

    @Test
    void validate_whenSwitchBranchIsNotACase_reportsInvalidBranch() {
        ObjectNode doc = base();
        addNode(doc, "tier", "switch", "{\"expression\": \"'gold'\", \"cases\": [\"gold\"]}");
        setEdges(doc, "in>fetch", "fetch>tier", "tier>reply:gold", "tier>reply:default", "tier>reply:bronze");

        assertThat(codes(doc)).containsExactly("graph.invalid-branch");
    }

    @Test
    void validate_whenRespondHasOutgoingEdge_reportsTerminalHasOutgoing() {
        ObjectNode doc = base();
        addNode(doc, "after", "fail", "{\"message\": \"x\"}");
        addEdge(doc, "reply", "after", null);

        assertThat(findings(doc, "graph.terminal-has-outgoing")).singleElement()
                .satisfies(f -> assertThat(f.nodeId()).isEqualTo("reply"));
    }

    @Test
    void validate_whenDuplicateEdge_warnsOnTheSecond() {
        ObjectNode doc = base();
        addEdge(doc, "fetch", "reply", null);

        assertThat(findings(doc, "graph.duplicate-edge")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.path()).isEqualTo("$.edges[2]");
        });
    }

    @Test
    void validate_whenFanOutToDifferentTargets_reportsNoDuplicate() {
        ObjectNode doc = base();
        addNode(doc, "audit", "respond", "{\"status\": 200}");
        addEdge(doc, "fetch", "audit", null);

        assertThat(codes(doc)).doesNotContain("graph.duplicate-edge");
    }

    @Test
    void validate_whenNodeHasOnlyAnErrorEdge_reportsDeadEnd() {
        ObjectNode doc = base();
        addNode(doc, "oops", "fail", "{\"message\": \"x\"}");
        setEdges(doc, "in>fetch", "fetch>oops:error");

        assertThat(codes(doc)).contains("graph.dead-end", "graph.unreachable");
        assertThat(findings(doc, "graph.dead-end")).singleElement()
                .satisfies(f -> assertThat(f.nodeId()).isEqualTo("fetch"));
    }

    @Test
    void validate_whenRespondAndFailHaveNoEdges_reportsNoDeadEnd() {
        assertThat(codes(base())).doesNotContain("graph.dead-end");
    }

    @Test
    void validate_whenNodeIsNotConnected_reportsUnreachable() {
        ObjectNode doc = base();
        addNode(doc, "island", "respond", "{\"status\": 204}");

        assertThat(findings(doc, "graph.unreachable")).singleElement()
                .satisfies(f -> assertThat(f.nodeId()).isEqualTo("island"));
    }

    @Test
    void validate_whenUnknownTypeNodeIsConnected_leavesBranchRulesToConfig() {
        ObjectNode doc = base();
        Documents.node(doc, "fetch").put("type", "http.fetch");

        assertThat(codes(doc)).contains("config.unknown-node-type")
                .noneMatch(code -> code.startsWith("graph."));
    }

    @Test
    void validate_whenLongChain_findsNoCycleWithoutDeepRecursion() {
        ObjectNode doc = base();
        nodes(doc).remove(1);
        edges(doc).removeAll();
        String previous = "in";
        for (int i = 0; i < 497; i++) {
            String id = "n" + i;
            addNode(doc, id, "transform", "{\"expression\": \"input\"}");
            addEdge(doc, previous, id, null);
            previous = id;
        }
        addEdge(doc, previous, "reply", null);
        Documents.config(doc, "reply").put("body", "input");
        doc.remove("credentials");

        assertThat(Documents.validate(doc).findings()).isEmpty();
    }
}
