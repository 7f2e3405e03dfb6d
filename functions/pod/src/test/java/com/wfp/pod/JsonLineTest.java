package com.wfp.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Strings of arbitrary code points, including controls, quotes, backslashes and lone surrogates. */
    static java.util.stream.Stream<String> anyStrings() {
        java.util.Random random = new java.util.Random(Long.getLong("wfp.seed", 20_261_127L));
        return java.util.stream.Stream.generate(() -> {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                sb.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(Character.MAX_CODE_POINT + 1));
            }
            return sb.toString();
        }).limit(500);
    }

    @ParameterizedTest
    @MethodSource("anyStrings")
    void field_withAnyString_readsBackAsTheSameString(String value) throws Exception {
        String line = new JsonLine().begin().field("value", value).end();

        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        assertThat(JSON.readTree(line).path("value").textValue()).isEqualTo(value);
    }

    @Test
    void nestedObjectsAndArrays_formValidJson() throws Exception {
        String line = new JsonLine().begin()
                .raw("\"_aws\":{\"Timestamp\":1}")
                .field("n", 3L)
                .field("d", 1.5)
                .field("nan", Double.NaN)
                .field("ok", true)
                .field("missing", (String) null)
                .object("trace").array("nodes")
                .element().field("id", "a").endObject()
                .element().field("id", "b\u2028\"quoted\"\t").endObject()
                .endArray().endObject()
                .end();

        JsonNode tree = JSON.readTree(line);
        assertThat(tree.path("_aws").path("Timestamp").asInt()).isEqualTo(1);
        assertThat(tree.path("n").asLong()).isEqualTo(3);
        assertThat(tree.path("d").asDouble()).isEqualTo(1.5);
        assertThat(tree.path("nan").isNull()).isTrue();
        assertThat(tree.path("ok").asBoolean()).isTrue();
        assertThat(tree.path("missing").isNull()).isTrue();
        assertThat(tree.path("trace").path("nodes").get(1).path("id").asText()).isEqualTo("b\u2028\"quoted\"\t");
    }
}
