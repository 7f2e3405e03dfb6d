package com.wfp.handlers.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.WorkflowParseException;
import com.wfp.workflow.model.WorkflowParser;
import com.wfp.workflow.validation.Finding;
import com.wfp.workflow.validation.Severity;
import com.wfp.workflow.validation.ValidationReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ReportJsonTest {

    private final ValidationReport report = ValidationReport.of(List.of(
            new Finding("graph.unreachable", Severity.ERROR, "orphan", "$.nodes[3]", "Node 'orphan' is never reached",
                    "Connect it or remove it."),
            new Finding("security.auth-none", Severity.WARNING, null, null, "The trigger needs no authentication",
                    "Set auth to apiKey.")));

    @Test
    void report_whenWritten_hasValidFindingsAndPublishabilityInThatOrder() {
        JsonNode json = ReportJson.report(report);

        assertThat(json.fieldNames()).toIterable().containsExactly("valid", "findings", "publishability");
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("publishability").get("enabled").asBoolean()).isFalse();
        assertThat(json.get("publishability").get("errors").asInt()).isEqualTo(1);
        assertThat(json.get("publishability").get("warnings").asInt()).isEqualTo(1);
        assertThat(json.get("publishability").get("reasons").get(0).asText()).contains("orphan");
    }

    @Test
    void finding_whenWritten_carriesOnlyItsComponentsWithLowerCaseSeverity() {
        JsonNode findings = ReportJson.report(report).get("findings");

        assertThat(findings.get(0).fieldNames()).toIterable()
                .containsExactly("code", "severity", "nodeId", "path", "message", "hint");
        assertThat(findings.get(0).get("severity").asText()).isEqualTo("error");
        assertThat(findings.get(1).fieldNames()).toIterable().containsExactly("code", "severity", "message", "hint");
        assertThat(findings.get(1).get("severity").asText()).isEqualTo("warning");
    }

    @Test
    void error_forASyntaxError_carriesLineAndColumnButNoPath() {
        WorkflowParseException syntax = catchThrowableOfType(WorkflowParseException.class,
                () -> new WorkflowParser().parse("{\n  \"format\": 1,,\n}"));

        JsonNode error = ReportJson.error(syntax).get("error");

        assertThat(error.get("code").asText()).isEqualTo("parse.syntax");
        assertThat(error.get("line").asInt()).isEqualTo(2);
        assertThat(error.get("column").asInt()).isPositive();
        assertThat(error.has("path")).isFalse();
    }

    @Test
    void error_forAPlainDomainException_hasCodeMessageAndHintOnly() {
        JsonNode error = ReportJson.error(DomainException.conflict("release.exists", "v1 exists", "Pick another name."))
                .get("error");

        assertThat(error.fieldNames()).toIterable().containsExactly("code", "message", "hint");
    }

    @Test
    void write_isCompactAndStable() {
        String once = ReportJson.write(ReportJson.report(report));

        assertThat(once).doesNotContain("\n").startsWith("{\"valid\":false,\"findings\":[{\"code\":\"graph.unreachable\"");
        assertThat(ReportJson.write(ReportJson.report(report))).isEqualTo(once);
    }
}
