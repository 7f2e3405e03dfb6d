package com.wfp.workflow.model;

import com.wfp.workflow.RandomCases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hostile and broken input for the parser: every case must end, in bounded time, either in a
 * workflow or in a {@link WorkflowParseException} with a stable code, never in another exception
 * (in particular never a StackOverflowError or OutOfMemoryError).
 */
class WorkflowParserFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(2);

    private static final String VALID = """
            {
              "format": 1,
              "id": "order-intake",
              "nodes": [
                { "id": "in", "type": "trigger.http", "config": { "method": "POST", "auth": "apiKey" } },
                { "id": "reply", "type": "respond", "config": { "status": 200, "body": "input" } }
              ],
              "edges": [ { "from": "in", "to": "reply" } ],
              "credentials": [ { "name": "crm", "type": "bearer" } ],
              "settings": { "timeoutMs": 1000 }
            }
            """;

    private final WorkflowParser parser = new WorkflowParser();

    private WorkflowParseException parseFailure(Supplier<Workflow> parse) {
        Throwable[] thrown = new Throwable[1];
        assertTimeoutPreemptively(BOUND, () -> {
            try {
                parse.get();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        assertThat(thrown[0]).as("parse must fail with WorkflowParseException").isInstanceOf(WorkflowParseException.class);
        return (WorkflowParseException) thrown[0];
    }

    @Test
    void parse_whenValidDocument_readsIt() {
        Workflow w = parser.parse(VALID);

        assertThat(w.id()).isEqualTo("order-intake");
        assertThat(w.nodes()).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\\n  \"format\": 1,\\n  \"id\": \"x\"\\n  \"nodes\": []\\n}|4|3",
            "{\"format\": 1, \"id\": \"x\", \"nodes\": [}|1|36",
            "{\\n\\n   \"format\": 1,,\\n}|3|16",
            "{\"format\": 1 \"id\"|1|14",
            "[1, 2|1|6",
            "{\"a\": tru}|1|7",
            "{\"id\": \"x\", \"id\": \"y\"}|1|17"
    })
    void parse_whenMalformedJson_reportsLineAndColumn(String text, int line, int column) {
        String json = text.replace("\\n", "\n");

        WorkflowParseException e = parseFailure(() -> parser.parse(json));

        assertThat(e.code()).isEqualTo("parse.syntax");
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.column()).isEqualTo(column);
        assertThat(e.getMessage()).contains("line " + line);
        assertThat(e.httpStatus()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\n"})
    void parse_whenEmptyDocument_reportsSyntax(String text) {
        WorkflowParseException e = parseFailure(() -> parser.parse(text));

        assertThat(e.code()).isEqualTo("parse.syntax");
        assertThat(e.getMessage()).contains("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {" ]", " {}", " garbage", ",", " 1"})
    void parse_whenContentAfterTheDocument_reportsSyntax(String trailing) {
        WorkflowParseException e = parseFailure(() -> parser.parse(VALID.strip() + trailing));

        assertThat(e.code()).isEqualTo("parse.syntax");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4294967297", "-4294967295", "1.0", "\"1\"", "2", "18446744073709551617"})
    void parse_whenFormatIsNotExactlyOne_reportsStructure(String format) {
        String json = VALID.replace("\"format\": 1", "\"format\": " + format);

        WorkflowParseException e = parseFailure(() -> parser.parse(json));

        assertThat(e.code()).isEqualTo("parse.structure");
        assertThat(e.jsonPath()).isEqualTo("$.format");
    }

    @Test
    void parse_whenDocumentOverOneMebibyte_rejectsItQuicklyBySize() {
        byte[] huge = new byte[WorkflowLimits.DEFAULT.maxDocumentBytes() + 1];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';

        long start = System.nanoTime();
        WorkflowParseException bytes = parseFailure(() -> parser.parse(huge));
        WorkflowParseException text = parseFailure(() -> parser.parse(new String(huge, StandardCharsets.UTF_8)));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(bytes.code()).isEqualTo("parse.limit.document-size");
        assertThat(text.code()).isEqualTo("parse.limit.document-size");
        assertThat(bytes.httpStatus()).isEqualTo(413);
        assertThat(millis).isLessThan(500);
    }

    @Test
    void parse_whenTextIsSmallInCharsButLargeInBytes_rejectsItBySize() {
        // 400 000 three-byte characters are 1.2 MB of UTF-8.
        String text = "{\"format\": 1, \"id\": \"x\", \"nodes\": [], \"name\": \"" + "€".repeat(400_000) + "\"}";

        assertThat(parseFailure(() -> parser.parse(text)).code()).isEqualTo("parse.limit.document-size");
    }

    @Test
    void parse_whenTooManyNodes_reportsNodeLimit() {
        StringBuilder sb = new StringBuilder("{\"format\": 1, \"id\": \"big\", \"nodes\": [");
        for (int i = 0; i <= WorkflowLimits.DEFAULT.maxNodes(); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\": \"n").append(i).append("\", \"type\": \"transform\"}");
        }
        sb.append("]}");

        WorkflowParseException e = parseFailure(() -> parser.parse(sb.toString()));

        assertThat(e.code()).isEqualTo("parse.limit.nodes");
        assertThat(e.jsonPath()).isEqualTo("$.nodes");
    }

    @Test
    void parse_whenTooManyEdges_reportsEdgeLimit() {
        StringBuilder sb = new StringBuilder("{\"format\": 1, \"id\": \"big\", \"nodes\": [], \"edges\": [");
        for (int i = 0; i <= WorkflowLimits.DEFAULT.maxEdges(); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"from\": \"a\", \"to\": \"b\"}");
        }
        sb.append("]}");

        assertThat(parseFailure(() -> parser.parse(sb.toString())).code()).isEqualTo("parse.limit.edges");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "{\"a\":", "[{\"a\":"})
    void parse_whenNestedOneHundredThousandLevels_reportsDepthWithoutStackOverflow(String opener) {
        String deep = opener.repeat(100_000);

        WorkflowParseException text = parseFailure(() -> parser.parse(deep));
        WorkflowParseException bytes = parseFailure(() -> parser.parse(deep.getBytes(StandardCharsets.UTF_8)));

        assertThat(text.code()).isEqualTo("parse.limit.depth");
        assertThat(bytes.code()).isEqualTo("parse.limit.depth");
    }

    @Test
    void parse_whenNestingJustWithinTheLimit_readsIt() {
        int depth = WorkflowLimits.DEFAULT.maxDepth() - 1;
        String nested = "[".repeat(depth - 2) + "]".repeat(depth - 2);
        String json = "{\"format\": 1, \"id\": \"x\", \"nodes\": [], \"settings\": {\"deep\": " + nested + "}}";

        assertThat(parser.parse(json).settings().has("deep")).isTrue();
    }

    @Test
    void parse_whenStringValueTooLong_reportsStringLength() {
        String json = "{\"format\": 1, \"id\": \"x\", \"nodes\": [], \"description\": \"" + "a".repeat(70_000) + "\"}";

        assertThat(parseFailure(() -> parser.parse(json)).code()).isEqualTo("parse.limit.string-length");
    }

    @Test
    void parse_whenKeyTooLong_reportsStringLength() {
        String json = "{\"format\": 1, \"id\": \"x\", \"nodes\": [], \"" + "k".repeat(70_000) + "\": 1}";

        assertThat(parseFailure(() -> parser.parse(json)).code()).isEqualTo("parse.limit.string-length");
    }

    @Test
    void parse_whenNumberHasThousandsOfDigits_reportsNumberLength() {
        String json = "{\"format\": 1, \"id\": \"x\", \"nodes\": [], \"settings\": {\"timeoutMs\": " + "9".repeat(5_000) + "}}";

        assertThat(parseFailure(() -> parser.parse(json)).code()).isEqualTo("parse.limit.number-length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"c328", "ff", "c0af", "eda080", "f8888080", "e282", "80"})
    void parse_whenBytesAreNotUtf8_reportsEncoding(String hex) {
        byte[] bad = HexFormat.of().parseHex(hex);
        byte[] doc = ("{\"format\": 1, \"id\": \"x\", \"nodes\": [], \"name\": \"" + "\u0000".repeat(0)).getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[doc.length + bad.length + tail.length];
        System.arraycopy(doc, 0, all, 0, doc.length);
        System.arraycopy(bad, 0, all, doc.length, bad.length);
        System.arraycopy(tail, 0, all, doc.length + bad.length, tail.length);

        WorkflowParseException e = parseFailure(() -> parser.parse(all));

        assertThat(e.code()).isEqualTo("parse.encoding");
        assertThat(e.getMessage()).contains("byte offset " + doc.length);
    }

    @Test
    void parse_whenUtf16Document_reportsEncoding() {
        byte[] utf16 = VALID.getBytes(StandardCharsets.UTF_16);

        assertThat(parseFailure(() -> parser.parse(utf16)).code()).isEqualTo("parse.encoding");
    }

    @Test
    void parse_whenUtf8WithByteOrderMark_readsIt() {
        byte[] body = VALID.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        assertThat(parser.parse(withBom).id()).isEqualTo("order-intake");
    }

    static java.util.stream.IntStream cuts() {
        return java.util.stream.IntStream.rangeClosed(0, 400);
    }

    static java.util.stream.Stream<Long> seeds() {
        return RandomCases.seeds(400);
    }

    @ParameterizedTest(name = "cut at {0}")
    @MethodSource("cuts")
    void parse_whenDocumentTruncatedAnywhere_failsWithAParseErrorOrReadsIt(int cut) {
        String truncated = VALID.substring(0, Math.min(cut, VALID.length()));

        assertBoundedOutcome(() -> parser.parse(truncated));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void parse_whenBytesMutatedRandomly_failsWithAParseErrorOrReadsIt(long seed) {
        java.util.Random random = new java.util.Random(seed);
        int position = random.nextInt(400);
        byte replacement = (byte) random.nextInt(256);
        byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
        bytes[position % bytes.length] = replacement;

        assertBoundedOutcome(() -> parser.parse(bytes));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void parse_whenArbitraryText_failsWithAParseErrorOrReadsIt(long seed) {
        String text = arbitraryText(new java.util.Random(seed));
        assertBoundedOutcome(() -> parser.parse(text));
    }

    private void assertBoundedOutcome(Supplier<Workflow> parse) {
        assertTimeoutPreemptively(BOUND, () -> {
            try {
                parse.get();
            } catch (WorkflowParseException e) {
                assertThat(e.code()).startsWith("parse.");
                assertThat(e.hint()).isNotBlank();
                if (e.code().equals("parse.syntax")) {
                    assertThat(e.line()).isPositive();
                    assertThat(e.column()).isPositive();
                }
            }
        });
    }

    /** Text mixing JSON punctuation, letters, digits, whitespace and arbitrary code points. */
    private static String arbitraryText(java.util.Random random) {
        String alphabet = "{}[]\":,.-+eE0123456789 \t\nabcnultrfs\\/u";
        int length = random.nextInt(200);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(4) == 0) {
                sb.appendCodePoint(random.nextInt(Character.MAX_CODE_POINT + 1));
            } else {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return sb.toString();
    }
}
