package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static com.wfp.workflow.validation.Documents.base;
import static com.wfp.workflow.validation.Documents.config;
import static com.wfp.workflow.validation.Documents.findings;
import static org.assertj.core.api.Assertions.assertThat;

class LiteralSecretScannerTest {

    private static final String GITHUB = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    private static final String AWS_KEY_ID = "AKIA" + "IOSFODNN7EXAMPLE";
    private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    private static List<Finding> secretsWithHeader(String name, String value) {
        ObjectNode doc = base();
        config(doc, "fetch").withObjectProperty("headers").put(name, value);
        return findings(doc, "security.literal-secret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "X-Key|" + "AKIA" + "IOSFODNN7EXAMPLE",
            "X-Key|" + "ASIA" + "IOSFODNN7EXAMPLE",
            "X-Aws-Secret|wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "Authorization|Bearer 4f9a8c7e1b2d3f60a5c4e3d2b1a09f8e",
            "Authorization|Basic dXNlcjpwYXNzd29yZA==",
            "X-Gh|" + "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
            "X-Gh|github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
            "X-Slack|xoxb-1234567890-abcdefghij",
            "X-Slack|xoxp-1234567890-abcdefghij",
            "X-Stripe|sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
            "X-Model|sk-" + "Abc123Def456Ghi789Jkl012",
            "X-Session|" + JWT,
            "X-Partner-Key|q8Zr2LmX9vT4wP7kN3yB6cH1"
    })
    void scan_whenHeaderHoldsSecret_reportsLiteralSecret(String name, String value) {
        assertThat(secretsWithHeader(name, value)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.nodeId()).isEqualTo("fetch");
            assertThat(f.path()).startsWith("$.nodes[1].config.headers");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Authorization|Bearer {{ $secret('crm') }}",
            "Authorization|{{ 'Bearer ' & $secret('crm') }}",
            "Accept|application/vnd.github.v3+json",
            "User-Agent|Mozilla/5.0 (X11; Linux x86_64) wfp/1.0",
            "X-Request-Source|order-intake-service-production-2",
            "X-Correlation|{{ input.correlationId }}",
            "Content-Type|application/json; charset=utf-8",
            "X-Api-Key|<your api key>",
            "X-Api-Key|********",
            "Cache-Control|no-store, max-age=0"
    })
    void scan_whenHeaderIsOrdinaryOrTemplated_reportsNothing(String name, String value) {
        assertThat(secretsWithHeader(name, value)).isEmpty();
    }

    @Test
    void scan_whenSecretIsAFieldName_reportsTheKey() {
        ObjectNode doc = base();
        config(doc, "fetch").set("body", Documents.json("{\"" + GITHUB + "\": true}"));

        assertThat(findings(doc, "security.literal-secret")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("field name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "passwd", "clientSecret", "client_secret", "api_key", "apiKey", "token",
            "access-token", "webhookSecret", "dbPassword"})
    void scan_whenPasswordLikeFieldHoldsLiteral_reportsIt(String field) {
        ObjectNode doc = base();
        config(doc, "fetch").set("body", Documents.json("{\"" + field + "\": \"hunter2\"}"));

        assertThat(findings(doc, "security.literal-secret")).singleElement()
                .satisfies(f -> assertThat(f.path()).startsWith("$.nodes[1].config.body").contains(field));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ $secret('crm') }}", "<password>", "****", "", "xxxxxxxx"})
    void scan_whenPasswordLikeFieldHoldsTemplateOrPlaceholder_reportsNothing(String value) {
        ObjectNode doc = base();
        config(doc, "fetch").set("body", Documents.json("{\"password\": \"" + value + "\"}"));

        assertThat(findings(doc, "security.literal-secret")).isEmpty();
    }

    @Test
    void scan_whenPrivateKeyAnywhere_reportsIt() {
        ObjectNode doc = base();
        doc.put("description", "key: -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----");

        assertThat(findings(doc, "security.literal-secret")).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("$.description");
            assertThat(f.nodeId()).isNull();
        });
    }

    @Test
    void scan_whenSecretInsideAnExpressionLiteral_reportsIt() {
        ObjectNode doc = base();
        config(doc, "reply").put("body", "{ 'token': '" + GITHUB + "' }");

        assertThat(findings(doc, "security.literal-secret")).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("$.nodes[2].config.body"));
    }

    @Test
    void scan_whenAPlatformKeyIsWrittenInAQueryOrABody_reportsEachPlace() {
        ObjectNode doc = base();
        String key = "wfp_live_" + "7Hq2LmX9vT4wP7kN3yB6cH1aZ0d5Re8s" + "2bQx9K";
        config(doc, "fetch").put("url", "https://api.example.com/w/a/b/c?key=" + key);
        config(doc, "reply").put("body", "{ 'next': '" + key.replace("live", "test") + "' }");

        assertThat(findings(doc, "security.literal-secret")).extracting(Finding::path)
                .containsExactlyInAnyOrder("$.nodes[1].config.url", "$.nodes[2].config.body");
    }

    @Test
    void scan_whenAwsSecretWithoutContext_reportsNothing() {
        ObjectNode doc = base();
        config(doc, "fetch").set("body", Documents.json("{\"checksum\": \"" + AWS_SECRET + "\"}"));

        assertThat(findings(doc, "security.literal-secret")).isEmpty();
    }

    @Test
    void scan_whenFindingReported_neverEchoesTheSecret() {
        List<String> secrets = List.of(GITHUB, AWS_KEY_ID, JWT, "4f9a8c7e1b2d3f60a5c4e3d2b1a09f8e");
        for (String secret : secrets) {
            List<Finding> found = secretsWithHeader("Authorization", "Bearer " + secret);
            assertThat(found).singleElement().satisfies(f -> {
                assertThat(f.message()).doesNotContain(secret).contains(secret.substring(0, 4) + "…");
                assertThat(f.message() + f.hint()).doesNotContain(secret.substring(4, 12));
            });
        }
    }

    @Test
    void mask_whenShortValue_showsOneCharacterOnly() {
        assertThat(LiteralSecretScanner.mask("hunter2")).isEqualTo("h…");
        assertThat(LiteralSecretScanner.mask("abcdefghijklmnop")).isEqualTo("abcd…");
        assertThat(LiteralSecretScanner.mask("")).isEqualTo("…");
    }

    @Test
    void shannonEntropy_whenKnownStrings_matchesTheDefinition() {
        assertThat(LiteralSecretScanner.shannonEntropy("aaaa")).isZero();
        assertThat(LiteralSecretScanner.shannonEntropy("abab")).isEqualTo(1.0);
        assertThat(LiteralSecretScanner.shannonEntropy("0123456789abcdef")).isEqualTo(4.0);
    }

    @Test
    void scan_whenSameStringHasSeveralSecrets_reportsOneFindingForIt() {
        assertThat(secretsWithHeader("Authorization", "Bearer " + JWT + " " + AWS_KEY_ID)).hasSize(1);
    }
}
