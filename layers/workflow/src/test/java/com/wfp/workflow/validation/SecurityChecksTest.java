package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.wfp.workflow.validation.Documents.addNode;
import static com.wfp.workflow.validation.Documents.base;
import static com.wfp.workflow.validation.Documents.codes;
import static com.wfp.workflow.validation.Documents.config;
import static com.wfp.workflow.validation.Documents.findings;
import static com.wfp.workflow.validation.Documents.json;
import static com.wfp.workflow.validation.Documents.setEdges;
import static org.assertj.core.api.Assertions.assertThat;

class SecurityChecksTest {

    private static ObjectNode withUrl(String url) {
        ObjectNode doc = base();
        config(doc, "fetch").put("url", url);
        return doc;
    }

    @Test
    void validate_whenPlainHttp_reportsInsecureHttpError() {
        assertThat(findings(withUrl("http://api.example.com/x"), "security.insecure-http")).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                    assertThat(f.path()).isEqualTo("$.nodes[1].config.url");
                });
    }

    @Test
    void validate_whenPlainHttpAllowedExplicitly_downgradesToWarning() {
        ObjectNode doc = withUrl("http://api.example.com/x");
        config(doc, "fetch").put("allowInsecureHttp", true);

        ValidationReport report = Documents.validate(doc);

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("security.insecure-http");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
        assertThat(report.valid()).isTrue();
    }

    @Test
    void validate_whenHttps_reportsNoInsecureHttp() {
        assertThat(codes(base())).doesNotContain("security.insecure-http");
    }

    @ParameterizedTest
    @CsvSource({
            "https://127.0.0.1/, security.loopback-target",
            "https://2130706433/, security.loopback-target",
            "https://0177.0.0.1/, security.loopback-target",
            "https://0x7f000001/, security.loopback-target",
            "https://0x7f.0.0.1/, security.loopback-target",
            "https://127.1/, security.loopback-target",
            "https://[::1]:8443/, security.loopback-target",
            "https://[::ffff:127.0.0.1]/, security.loopback-target",
            "https://localhost/, security.loopback-target",
            "https://LOCALHOST./, security.loopback-target",
            "https://admin.localhost/, security.loopback-target",
            "https://10.1.2.3/, security.private-target",
            "https://172.16.0.1/, security.private-target",
            "https://192.168.1.10/, security.private-target",
            "https://100.64.0.1/, security.private-target",
            "https://[fd12:3456::1]/, security.private-target",
            "https://169.254.1.1/, security.link-local-target",
            "https://[fe80::1]/, security.link-local-target",
            "https://169.254.169.254/latest/meta-data/, security.metadata-target",
            "https://0xa9fea9fe/, security.metadata-target",
            "https://[fd00:ec2::254]/, security.metadata-target",
            "https://metadata.google.internal/, security.metadata-target",
            "https://0.0.0.0/, security.unspecified-target",
            "https://[::]/, security.unspecified-target",
            "https://224.0.0.1/, security.reserved-target",
            "https://user@127.0.0.1:8080/x, security.loopback-target"
    })
    void validate_whenTargetIsInternal_reportsItsClass(String url, String code) {
        assertThat(findings(withUrl(url), code)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.nodeId()).isEqualTo("fetch");
        });
    }

    @Test
    void validate_whenTargetIsNumericEncoding_namesTheDecodedAddress() {
        assertThat(findings(withUrl("https://0x7f000001/"), "security.loopback-target").get(0).message())
                .contains("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com/", "https://8.8.8.8/", "https://[2606:4700::1111]/",
            "https://localhost-proxy.example.com/", "https://1.1.1.1:8443/x"})
    void validate_whenTargetIsPublic_reportsNoTargetFinding(String url) {
        assertThat(codes(withUrl(url))).noneMatch(c -> c.endsWith("-target"));
    }

    @Test
    void validate_whenHostComesFromAnExpression_warnsDynamicHost() {
        ValidationReport report = Documents.validate(withUrl("https://{{ input.host }}/x"));

        assertThat(report.findings()).extracting(Finding::code).containsExactly("security.dynamic-host");
        assertThat(report.valid()).isTrue();
    }

    @Test
    void validate_whenWholeUrlComesFromAnExpression_warnsDynamicHost() {
        assertThat(codes(withUrl("{{ nodes.lookup.body.next }}"))).containsExactly("security.dynamic-host");
    }

    @Test
    void validate_whenOnlyPathIsDynamic_reportsNoDynamicHost() {
        assertThat(codes(withUrl("https://api.example.com/{{ input.a }}/{{ input.b }}"))).isEmpty();
    }

    @Test
    void validate_whenTriggerAuthNone_warns() {
        ObjectNode doc = base();
        config(doc, "in").put("auth", "none");

        assertThat(findings(doc, "security.auth-none")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.path()).isEqualTo("$.nodes[0].config.auth");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"$eval(input.code)", "$eval ('1+1')", "($f := $eval; $f(input.x))"})
    void validate_whenExpressionUsesEval_reportsDynamicEval(String expression) {
        ObjectNode doc = base();
        config(doc, "reply").put("body", expression);

        assertThat(findings(doc, "security.dynamic-eval")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.nodes[2].config.body"));
    }

    @Test
    void validate_whenTemplateUsesEval_reportsDynamicEval() {
        ObjectNode doc = base();
        config(doc, "fetch").withObjectProperty("headers").put("X-Computed", "{{ $eval(input.header) }}");

        assertThat(codes(doc)).containsExactly("security.dynamic-eval");
    }

    @Test
    void validate_whenNoEval_reportsNoDynamicEval() {
        ObjectNode doc = base();
        config(doc, "reply").put("body", "{ 'evaluation': input.evaluate }");

        assertThat(codes(doc)).doesNotContain("security.dynamic-eval");
    }

    @Test
    void validate_whenSecretNotDeclared_reportsUndeclaredSecret() {
        ObjectNode doc = base();
        config(doc, "fetch").withObjectProperty("headers").put("X-Other", "{{ $secret(\"other\") }}");

        assertThat(findings(doc, "security.undeclared-secret")).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("'other'");
            assertThat(f.path()).isEqualTo("$.nodes[1].config.headers['X-Other']");
        });
    }

    @Test
    void validate_whenSecretUsedInExpressionField_countsAsUse() {
        ObjectNode doc = base();
        config(doc, "fetch").withObjectProperty("headers").put("Authorization", "Bearer static-but-templated-{{ 1 }}");
        addNode(doc, "sign", "transform", "{\"expression\": \"$secret('crm') & input.customerId\"}");
        setEdges(doc, "in>sign", "sign>fetch", "fetch>reply");

        assertThat(codes(doc)).doesNotContain("security.unused-credential", "security.undeclared-secret");
    }

    @Test
    void validate_whenSecretNameIsComputed_reportsDynamicSecretName() {
        ObjectNode doc = base();
        config(doc, "fetch").withObjectProperty("headers").put("Authorization", "Bearer {{ $secret('crm' & input.env) }}");

        assertThat(codes(doc)).contains("security.dynamic-secret-name");
    }

    @Test
    void validate_whenCredentialNeverRead_warnsUnusedCredential() {
        ObjectNode doc = base();
        doc.withArray("credentials").addObject().put("name", "billing").put("type", "bearer");

        assertThat(findings(doc, "security.unused-credential")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.path()).isEqualTo("$.credentials[1].name");
        });
    }

    @Test
    void validate_whenSecretCallIsPlainTextOutsideTemplate_doesNotCountAsUse() {
        ObjectNode doc = base();
        config(doc, "fetch").withObjectProperty("headers").put("Authorization", "$secret('crm')");

        assertThat(codes(doc)).contains("security.unused-credential");
    }

    @Test
    void validate_whenSecretHidesInBrokenTemplate_stillChecksTheName() {
        ObjectNode doc = base();
        config(doc, "fetch").withObjectProperty("headers").put("X-Key", "{{ $secret('nope') ");

        assertThat(codes(doc)).contains("config.template-syntax", "security.undeclared-secret");
    }

    @Test
    void validate_whenUrlCarriesPassword_reportsLiteralSecret() {
        assertThat(codes(withUrl("https://admin:hunter2@api.example.com/"))).contains("security.literal-secret");
    }

    @Test
    void validate_whenExampleHoldsPassword_reportsLiteralSecretWithTheExamplePath() {
        ObjectNode doc = base();
        config(doc, "in").set("example", json("{\"customerId\": \"C-1\", \"password\": \"correct horse\"}"));

        assertThat(findings(doc, "security.literal-secret")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.nodes[0].config.example.password"));
    }
}
