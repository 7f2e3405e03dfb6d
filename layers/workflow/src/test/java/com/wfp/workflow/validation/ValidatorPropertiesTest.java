package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.RandomCases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Properties of the validator over random, mostly broken, workflows. */
class ValidatorPropertiesTest {

    private final WorkflowValidator validator = new WorkflowValidator();

    static Stream<Long> seeds() {
        return RandomCases.seeds(250);
    }

    private static Workflow parse(JsonNode doc) {
        return Documents.PARSER.parseTree(doc);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void validate_whenRandomGraphAndConfig_neverThrows(long seed) {
        ObjectNode doc = RandomWorkflows.document(new Random(seed));
        Workflow workflow = parse(doc);

        assertThatCode(() -> validator.validate(workflow)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void validate_whenSameDocumentTwice_givesEqualReports(long seed) {
        ObjectNode doc = RandomWorkflows.document(new Random(seed));

        ValidationReport first = validator.validate(parse(doc));
        ValidationReport second = new WorkflowValidator().validate(parse(doc.deepCopy()));

        assertThat(second).isEqualTo(first);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void validate_whenKeysShuffled_givesTheSameFindings(long seed) {
        ObjectNode doc = RandomWorkflows.document(new Random(seed));
        JsonNode shuffled = RandomWorkflows.shuffleKeys(doc, new Random(~seed));

        ValidationReport original = validator.validate(parse(doc));
        ValidationReport reordered = validator.validate(parse(shuffled));

        assertThat(reordered).isEqualTo(original);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void validate_whenAnyDocument_ordersFindingsByClassThenPosition(long seed) {
        List<Finding> findings = validator.validate(parse(RandomWorkflows.document(new Random(seed)))).findings();

        for (int i = 1; i < findings.size(); i++) {
            int previous = FindingCollector.classRank(findings.get(i - 1).code());
            int current = FindingCollector.classRank(findings.get(i).code());
            assertThat(current).isGreaterThanOrEqualTo(previous);
        }
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.code()).matches("(graph|config|security)\\.[a-z-]+");
            assertThat(f.message()).isNotBlank();
            assertThat(f.hint()).isNotBlank();
            assertThat(f.path()).startsWith("$");
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void validate_whenAnyDocument_reportsValidExactlyWhenThereIsNoError(long seed) {
        ValidationReport report = validator.validate(parse(RandomWorkflows.document(new Random(seed))));

        assertThat(report.valid()).isEqualTo(report.errors().isEmpty());
        assertThat(report.publishability().enabled()).isEqualTo(report.valid());
        assertThat(report.publishability().reasons()).hasSameSizeAs(report.errors());
    }
}
