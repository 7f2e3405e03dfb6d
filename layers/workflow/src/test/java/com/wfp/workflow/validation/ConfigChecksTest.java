package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static com.wfp.workflow.validation.Documents.addEdge;
import static com.wfp.workflow.validation.Documents.addNode;
import static com.wfp.workflow.validation.Documents.base;
import static com.wfp.workflow.validation.Documents.codes;
import static com.wfp.workflow.validation.Documents.config;
import static com.wfp.workflow.validation.Documents.findings;
import static com.wfp.workflow.validation.Documents.json;
import static com.wfp.workflow.validation.Documents.node;
import static com.wfp.workflow.validation.Documents.setEdges;
import static org.assertj.core.api.Assertions.assertThat;

class ConfigChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"Order", "order_intake", "-lead", "", "a.b", "x0123456789012345678901234567890123456789012345678901234567890123"})
    void validate_whenWorkflowIdIsNotASlug_reportsInvalidId(String id) {
        ObjectNode doc = base();
        doc.put("id", id);

        assertThat(findings(doc, "config.invalid-id")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "order-intake", "a-", "x012345678901234567890123456789012345678901234567890123456789012"})
    void validate_whenWorkflowIdIsASlug_acceptsIt(String id) {
        ObjectNode doc = base();
        doc.put("id", id);

        assertThat(codes(doc)).doesNotContain("config.invalid-id");
    }

    @Test
    void validate_whenNodeIdAndCredentialNameAreNotSlugs_reportsBoth() {
        ObjectNode doc = base();
        node(doc, "reply").put("id", "Reply");
        setEdges(doc, "in>fetch", "fetch>Reply");
        ((ObjectNode) doc.withArray("credentials").get(0)).put("name", "CRM");
        config(doc, "fetch").withObjectProperty("headers").put("Authorization", "Bearer {{ $secret('CRM') }}");

        assertThat(findings(doc, "config.invalid-id")).extracting(Finding::path)
                .containsExactly("$.nodes[2].id", "$.credentials[0].name");
    }

    @Test
    void validate_whenNodeIdRepeats_reportsTheLaterNode() {
        ObjectNode doc = base();
        addNode(doc, "reply", "respond", "{\"status\": 202}");

        assertThat(findings(doc, "config.duplicate-node-id")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.nodes[3].id"));
    }

    @Test
    void validate_whenCredentialDeclaredTwice_reportsDuplicate() {
        ObjectNode doc = base();
        doc.withArray("credentials").addObject().put("name", "crm").put("type", "apiKey");

        assertThat(findings(doc, "config.duplicate-credential")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.credentials[1].name"));
    }

    @Test
    void validate_whenNodeTypeUnknown_reportsItWithTheKnownTypes() {
        ObjectNode doc = base();
        node(doc, "reply").put("type", "reply");

        assertThat(findings(doc, "config.unknown-node-type")).singleElement()
                .satisfies(f -> assertThat(f.hint()).contains("respond", "http.request"));
    }

    @ParameterizedTest
    @CsvSource({
            "in, method", "in, auth", "fetch, url"
    })
    void validate_whenRequiredFieldMissing_reportsMissingField(String nodeId, String field) {
        ObjectNode doc = base();
        config(doc, nodeId).remove(field);

        assertThat(findings(doc, "config.missing-field")).singleElement()
                .satisfies(f -> assertThat(f.path()).endsWith(".config." + field));
    }

    @Test
    void validate_whenEachTypeMissesItsRequiredField_reportsEach() {
        ObjectNode doc = base();
        addNode(doc, "t", "transform", "{}");
        addNode(doc, "c", "condition", "{}");
        addNode(doc, "s", "switch", "{}");
        addNode(doc, "d", "delay", "{}");
        addNode(doc, "f", "fail", "{}");

        assertThat(findings(doc, "config.missing-field")).extracting(Finding::path).containsExactly(
                "$.nodes[3].config.expression", "$.nodes[4].config.expression", "$.nodes[5].config.cases",
                "$.nodes[5].config.expression", "$.nodes[6].config.ms", "$.nodes[7].config.message");
    }

    @Test
    void validate_whenMergeAndRespondHaveNoConfig_reportsNoMissingField() {
        ObjectNode doc = base();
        addNode(doc, "join", "merge", "{}");
        addNode(doc, "empty", "respond", "{}");
        setEdges(doc, "in>fetch", "fetch>join", "join>empty", "fetch>reply:error");

        assertThat(codes(doc)).doesNotContain("config.missing-field");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "fetch|timeoutMs|\"3000\"",
            "fetch|timeoutMs|3000.5",
            "fetch|headers|[\"Accept: x\"]",
            "fetch|allowInsecureHttp|\"yes\"",
            "fetch|retry|3",
            "reply|status|\"200\"",
            "reply|body|{\"a\": 1}",
            "in|method|7"
    })
    void validate_whenFieldHasWrongType_reportsWrongType(String nodeId, String field, String valueJson) {
        ObjectNode doc = base();
        config(doc, nodeId).set(field, json(valueJson));

        assertThat(findings(doc, "config.wrong-type")).singleElement()
                .satisfies(f -> assertThat(f.path()).endsWith(".config." + field));
    }

    @Test
    void validate_whenHeaderValueIsNotAString_reportsWrongTypeAtTheHeader() {
        ObjectNode doc = base();
        config(doc, "fetch").withObjectProperty("headers").put("X-Count", 3);

        assertThat(findings(doc, "config.wrong-type")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.nodes[1].config.headers['X-Count']"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "reply|status|99", "reply|status|199", "reply|status|600", "fetch|timeoutMs|0", "fetch|timeoutMs|300001", "oops|status|200",
            "fetch|timeoutMs|99999999999999999999999"
    })
    void validate_whenNumberOutOfRange_reportsOutOfRange(String nodeId, String field, String valueJson) {
        ObjectNode doc = base();
        addNode(doc, "oops", "fail", "{\"message\": \"upstream failed\"}");
        addEdge(doc, "fetch", "oops", "error");
        config(doc, nodeId).set(field, json(valueJson));

        assertThat(findings(doc, "config.out-of-range")).singleElement()
                .satisfies(f -> assertThat(f.path()).endsWith(".config." + field));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "reply|status|200", "reply|status|599", "fetch|timeoutMs|1", "fetch|timeoutMs|300000", "oops|status|400",
            "oops|status|599"
    })
    void validate_whenNumberAtRangeBoundary_acceptsIt(String nodeId, String field, String valueJson) {
        ObjectNode doc = base();
        addNode(doc, "oops", "fail", "{\"message\": \"upstream failed\"}");
        addEdge(doc, "fetch", "oops", "error");
        config(doc, nodeId).set(field, json(valueJson));

        assertThat(codes(doc)).doesNotContain("config.out-of-range");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"maxAttempts\": 0}|maxAttempts", "{\"maxAttempts\": 11}|maxAttempts",
            "{\"backoffMs\": -1}|backoffMs", "{\"backoffMs\": 60001}|backoffMs"
    })
    void validate_whenRetryOutOfRange_reportsOutOfRange(String retry, String field) {
        ObjectNode doc = base();
        config(doc, "fetch").set("retry", json(retry));

        assertThat(findings(doc, "config.out-of-range")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.nodes[1].config.retry." + field));
    }

    @Test
    void validate_whenDelayAndSettingsOutOfRange_reportsBoth() {
        ObjectNode doc = base();
        addNode(doc, "wait", "delay", "{\"ms\": 300001}");
        setEdges(doc, "in>fetch", "fetch>wait", "wait>reply");
        ((ObjectNode) doc.get("settings")).put("timeoutMs", 0);

        assertThat(findings(doc, "config.out-of-range")).extracting(Finding::path)
                .containsExactly("$.nodes[3].config.ms", "$.settings.timeoutMs");
    }

    @Test
    void validate_whenConfigFieldIsATypo_warnsUnknownField() {
        ObjectNode doc = base();
        config(doc, "fetch").put("timeoutMS", 1000);
        ((ObjectNode) doc.get("settings")).put("retries", 2);

        assertThat(findings(doc, "config.unknown-field")).extracting(Finding::path, Finding::severity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("$.nodes[1].config.timeoutMS", Severity.WARNING),
                        org.assertj.core.groups.Tuple.tuple("$.settings.retries", Severity.WARNING));
    }

    @Test
    void validate_whenExpressionDoesNotParse_reportsItsPosition() {
        ObjectNode doc = base();
        config(doc, "reply").put("body", "{ 'a': nodes.fetch.body ");

        assertThat(findings(doc, "config.expression-syntax")).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("$.nodes[2].config.body");
            assertThat(f.message()).contains("at character");
        });
    }

    @Test
    void validate_whenExpressionIsEmpty_reportsExpressionSyntax() {
        ObjectNode doc = base();
        addNode(doc, "t", "transform", "{\"expression\": \"  \"}");
        setEdges(doc, "in>fetch", "fetch>t", "t>reply");

        assertThat(codes(doc)).containsExactly("config.expression-syntax");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://api.example.com/{{ input.id",
            "https://api.example.com/{{ }}",
            "https://api.example.com/{{ input.( }}"
    })
    void validate_whenUrlTemplateDoesNotParse_reportsTemplateSyntax(String url) {
        ObjectNode doc = base();
        config(doc, "fetch").put("url", url);

        assertThat(codes(doc)).containsExactly("config.template-syntax");
    }

    @Test
    void validate_whenHeaderBodyOrMessageTemplateDoesNotParse_reportsEach() {
        ObjectNode doc = base();
        config(doc, "fetch").withObjectProperty("headers").put("X-Trace", "{{ input.trace ");
        config(doc, "fetch").set("body", json("{\"items\": [\"{{ }}\"]}"));
        addNode(doc, "oops", "fail", "{\"message\": \"failed {{ input.( }}\"}");
        addEdge(doc, "fetch", "oops", "error");

        assertThat(findings(doc, "config.template-syntax")).extracting(Finding::path).containsExactly(
                "$.nodes[1].config.body.items[0]", "$.nodes[1].config.headers['X-Trace']", "$.nodes[3].config.message");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "api.example.com/customers", "https:///customers", "https://api.example.com:99999/x",
            "https://api example.com/x", "https://[::1/x", " https://api.example.com/", "https://api.example.com:80a/"
    })
    void validate_whenUrlMalformed_reportsInvalidUrl(String url) {
        ObjectNode doc = base();
        config(doc, "fetch").put("url", url);

        assertThat(codes(doc)).contains("config.invalid-url");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://api.example.com", "https://api.example.com:8443/a?b=c#d", "HTTPS://API.EXAMPLE.COM/",
            "https://api.example.com/{{ input.path }}?q={{ input.q }}", "https://[2606:4700::1111]/x"
    })
    void validate_whenUrlWellFormed_reportsNoUrlFinding(String url) {
        ObjectNode doc = base();
        config(doc, "fetch").put("url", url);

        assertThat(codes(doc)).doesNotContain("config.invalid-url", "config.url-scheme");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://files.example.com/a", "file:///etc/passwd", "gopher://example.com/"})
    void validate_whenUrlSchemeIsNotHttp_reportsUrlScheme(String url) {
        ObjectNode doc = base();
        config(doc, "fetch").put("url", url);

        assertThat(codes(doc)).contains("config.url-scheme").doesNotContain("config.invalid-url");
    }

    @Test
    void validate_whenInputSchemaInvalid_reportsInputSchemaInvalid() {
        ObjectNode doc = base();
        config(doc, "in").set("inputSchema", json("{\"type\": \"text\", \"minLength\": -1}"));

        assertThat(findings(doc, "config.input-schema-invalid")).isNotEmpty()
                .allSatisfy(f -> assertThat(f.path()).isEqualTo("$.nodes[0].config.inputSchema"));
    }

    @Test
    void validate_whenRespondDeclaresAValidSchema_acceptsIt() {
        ObjectNode doc = base();
        config(doc, "reply").set("schema", json("{\"type\": \"object\", \"required\": [\"id\"],"
                + " \"properties\": {\"id\": {\"type\": \"string\"}}}"));

        assertThat(codes(doc)).doesNotContain("config.response-schema-invalid", "config.unknown-field", "config.wrong-type");
    }

    @Test
    void validate_whenRespondSchemaInvalid_reportsResponseSchemaInvalidAtItsPath() {
        ObjectNode doc = base();
        config(doc, "reply").set("schema", json("{\"type\": \"text\"}"));

        assertThat(findings(doc, "config.response-schema-invalid")).isNotEmpty()
                .allSatisfy(f -> assertThat(f.path()).isEqualTo("$.nodes[2].config.schema"));
    }

    @Test
    void validate_whenRespondSchemaIsNotAnObject_reportsWrongType() {
        ObjectNode doc = base();
        config(doc, "reply").put("schema", "object");

        assertThat(findings(doc, "config.wrong-type")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.nodes[2].config.schema"));
    }

    @Test
    void validate_whenInputSchemaIsNotAnObject_reportsWrongType() {
        ObjectNode doc = base();
        config(doc, "in").put("inputSchema", "object");

        assertThat(findings(doc, "config.wrong-type")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.nodes[0].config.inputSchema"));
    }

    @Test
    void validate_whenInputSchemaReferencesARemoteSchema_reportsItWithoutFetching() {
        ObjectNode doc = base();
        config(doc, "in").set("inputSchema", json("{\"$ref\": \"https://schemas.example.com/order.json\"}"));

        long start = System.nanoTime();
        assertThat(codes(doc)).contains("config.input-schema-invalid");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void validate_whenInputSchemaUsesLocalDefs_acceptsIt() {
        ObjectNode doc = base();
        config(doc, "in").set("inputSchema", json("""
                {"$defs": {"id": {"type": "string"}}, "type": "object",
                 "properties": {"customerId": {"$ref": "#/$defs/id"}}}"""));

        assertThat(Documents.validate(doc).findings()).isEmpty();
    }

    @Test
    void validate_whenExampleDoesNotMatchSchema_warnsExampleMismatch() {
        ObjectNode doc = base();
        config(doc, "in").set("example", json("{\"customerId\": 7}"));

        assertThat(findings(doc, "config.example-mismatch")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.path()).isEqualTo("$.nodes[0].config.example");
        });
    }

    @Test
    void validate_whenSchemaPatternBacktracksCatastrophically_endsQuicklyWithInputSchemaInvalid() {
        ObjectNode doc = base();
        config(doc, "in").set("inputSchema", json("""
                {"type": "object", "properties": {"customerId": {"type": "string", "pattern": "^(?:(a)\\\\1?)+$"}}}"""));
        config(doc, "in").set("example", json("{\"customerId\": \"" + "a".repeat(40) + "!\"}"));

        long start = System.nanoTime();
        List<Finding> found = findings(doc, "config.input-schema-invalid");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(found).singleElement().satisfies(f -> assertThat(f.message()).contains("took longer"));
        assertThat(millis).isLessThan(3_000);
    }

    @Test
    void validate_whenSchemaPatternIsNotARegex_reportsInputSchemaInvalid() {
        ObjectNode doc = base();
        config(doc, "in").set("inputSchema", json("""
                {"type": "object", "properties": {"customerId": {"type": "string", "pattern": "([a-z"}}}"""));

        assertThat(codes(doc)).contains("config.input-schema-invalid");
    }

    @Test
    void validate_whenSchemaPatternMatchesExample_reportsNothing() {
        ObjectNode doc = base();
        config(doc, "in").set("inputSchema", json("""
                {"type": "object", "properties": {"customerId": {"type": "string", "pattern": "^C-[0-9]+$"}}}"""));

        assertThat(codes(doc)).isEmpty();
    }

    @Test
    void validate_whenSchemaIdRepeatsAcrossWorkflows_usesEachWorkflowsOwnSchema() {
        ObjectNode first = base();
        config(first, "in").set("inputSchema", json("{\"$id\": \"https://schemas.example.com/in\", \"type\": \"object\"}"));
        ObjectNode second = base();
        config(second, "in").set("inputSchema", json("{\"$id\": \"https://schemas.example.com/in\", \"type\": \"string\"}"));

        assertThat(codes(first)).doesNotContain("config.example-mismatch");
        assertThat(codes(second)).contains("config.example-mismatch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"post", "FETCH", "CONNECT", ""})
    void validate_whenMethodInvalid_reportsInvalidMethod(String method) {
        ObjectNode doc = base();
        config(doc, "in").put("method", method);
        config(doc, "fetch").put("method", method);

        assertThat(findings(doc, "config.invalid-method")).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "APIKEY", "oauth"})
    void validate_whenAuthUnknown_reportsInvalidAuth(String auth) {
        ObjectNode doc = base();
        config(doc, "in").put("auth", auth);

        assertThat(codes(doc)).containsExactly("config.invalid-auth");
    }

    @ParameterizedTest
    @ValueSource(strings = {"apiKey", "token"})
    void validate_whenAuthKnown_reportsNothing(String auth) {
        ObjectNode doc = base();
        config(doc, "in").put("auth", auth);

        assertThat(codes(doc)).isEmpty();
    }

    @Test
    void validate_whenHeaderNameInvalid_reportsIt() {
        ObjectNode doc = base();
        config(doc, "fetch").withObjectProperty("headers").put("X Trace:", "1");

        assertThat(codes(doc)).containsExactly("config.invalid-header-name");
    }

    private static ObjectNode withSwitch(String casesJson) {
        ObjectNode doc = base();
        addNode(doc, "tier", "switch", "{\"expression\": \"'a'\", \"cases\": " + casesJson + "}");
        setEdges(doc, "in>fetch", "fetch>tier", "tier>reply:default");
        return doc;
    }

    @Test
    void validate_whenSwitchHasNoCases_reportsSwitchNoCases() {
        assertThat(codes(withSwitch("[]"))).contains("config.switch-no-cases");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"\"]", "[1]", "[null]", "[\"default\"]", "[\"error\"]", "[[\"a\"]]"})
    void validate_whenSwitchCaseInvalid_reportsInvalidSwitchCase(String cases) {
        assertThat(findings(withSwitch(cases), "config.invalid-switch-case")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.nodes[3].config.cases[0]"));
    }

    @Test
    void validate_whenSwitchCaseRepeats_reportsDuplicateSwitchCase() {
        assertThat(findings(withSwitch("[\"a\", \"b\", \"a\"]"), "config.duplicate-switch-case")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.nodes[3].config.cases[2]"));
    }

    @Test
    void validate_whenSwitchCasesNotAnArray_reportsWrongType() {
        assertThat(findings(withSwitch("\"a,b\""), "config.wrong-type")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.nodes[3].config.cases"));
    }

    @Test
    void validate_whenSameExpressionUsedManyTimes_reportsEachSite() {
        ObjectNode doc = base();
        for (int i = 0; i < 3; i++) {
            addNode(doc, "t" + i, "transform", "{\"expression\": \"(\"}");
            addEdge(doc, "fetch", "t" + i, null);
            addEdge(doc, "t" + i, "reply", null);
        }

        assertThat(findings(doc, "config.expression-syntax")).hasSize(3);
    }
}
