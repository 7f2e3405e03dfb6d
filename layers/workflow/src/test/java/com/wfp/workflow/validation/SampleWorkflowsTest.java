package com.wfp.workflow.validation;

import com.wfp.workflow.engine.EngineSettings;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.model.WorkflowParser;
import com.wfp.workflow.secrets.InMemorySecretProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The sample documents under samples/workflows are part of the contract: every valid sample
 * validates without errors, and every invalid sample produces the finding code it is named for.
 * The README there lists every code the validator can produce.
 */
class SampleWorkflowsTest {

    static final Path SAMPLES = locateSamples();

    private final WorkflowParser parser = new WorkflowParser();
    private final WorkflowValidator validator = new WorkflowValidator();

    static Path locateSamples() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("samples/workflows");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("samples/workflows not found above " + Paths.get("").toAbsolutePath());
    }

    static Stream<Path> validSamples() throws IOException {
        return list(SAMPLES.resolve("valid"));
    }

    static Stream<Path> invalidSamples() throws IOException {
        return list(SAMPLES.resolve("invalid"));
    }

    private static Stream<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    private ValidationReport validate(Path file) throws IOException {
        Workflow workflow = parser.parse(Files.readAllBytes(file));
        return validator.validate(workflow);
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void validate_whenValidSample_reportsNoErrors(Path file) throws IOException {
        ValidationReport report = validate(file);

        assertThat(report.errors()).as(file.getFileName().toString()).isEmpty();
        assertThat(report.valid()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void validate_whenValidSample_reportsNoWarningsEither(Path file) throws IOException {
        assertThat(validate(file).warnings()).as(file.getFileName().toString()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void prepare_whenValidSample_loadsInTheEngine(Path file) throws IOException {
        Workflow workflow = parser.parse(Files.readAllBytes(file));
        WorkflowEngine engine = new WorkflowEngine(EngineSettings.defaults(), InMemorySecretProvider.empty());

        assertThatCode(() -> engine.prepare(workflow, "rel-1", "v1")).as(file.getFileName().toString())
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("invalidSamples")
    void validate_whenInvalidSample_reportsTheCodeInItsName(Path file) throws IOException {
        String code = expectedCode(file);

        ValidationReport report = validate(file);

        assertThat(report.findings()).as(file.getFileName().toString())
                .extracting(Finding::code)
                .contains(code);
    }

    @Test
    void samples_whenCounted_haveAtLeastSixValidAndTwentyInvalid() throws IOException {
        assertThat(validSamples().map(p -> p.getFileName().toString()))
                .hasSizeGreaterThanOrEqualTo(6)
                .contains("order-intake.json", "lead-scoring.json", "webhook-fan-out.json",
                        "approval-with-condition.json", "switch-router.json", "error-branch-retry.json");
        assertThat(invalidSamples()).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void readme_whenRead_listsEveryCodeTheInvalidSamplesAreNamedFor() throws IOException {
        String readme = Files.readString(SAMPLES.resolve("README.md"));
        List<String> codes = invalidSamples().map(SampleWorkflowsTest::expectedCode).distinct().toList();

        for (String code : codes) {
            assertThat(readme).as("README lists " + code).contains("`" + code + "`");
        }
    }

    @Test
    void readme_whenRead_listsEveryCodeTheValidatorSourceCanProduce() throws IOException {
        String readme = Files.readString(SAMPLES.resolve("README.md"));
        Path sources = SAMPLES.getParent().getParent().resolve("layers/workflow/src/main/java/com/wfp/workflow/validation");
        Pattern code = Pattern.compile("\"((?:graph|config|security)\\.[a-z-]+)\"");
        try (Stream<Path> files = Files.list(sources)) {
            for (Path f : files.toList()) {
                Matcher m = code.matcher(Files.readString(f));
                while (m.find()) {
                    assertThat(readme).as("README lists " + m.group(1) + " (used in " + f.getFileName() + ")")
                            .contains("`" + m.group(1) + "`");
                }
            }
        }
    }

    /** {@code graph.cycle.json} and {@code graph.cycle--through-error-edge.json} both expect {@code graph.cycle}. */
    static String expectedCode(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        int variant = name.indexOf("--");
        return variant >= 0 ? name.substring(0, variant) : name;
    }
}
