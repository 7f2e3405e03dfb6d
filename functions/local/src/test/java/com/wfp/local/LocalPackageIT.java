package com.wfp.local;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local platform's package, {@code target/wfp.jar}, carries no AWS SDK: the Lambda composition
 * roots and the AWS adapters live in {@code functions/aws}, and nothing the local platform depends
 * on pulls them in.
 */
class LocalPackageIT {

    private static final Path PACKAGE = Path.of(System.getProperty("basedir", "."), "target/wfp.jar");

    @Test
    void localPackage_whenBuilt_holdsNoAwsSdkOrAwsAdapterClass() throws Exception {
        assertThat(PACKAGE).as("the package is built before the ITs run").exists();
        try (JarFile jar = new JarFile(PACKAGE.toFile())) {
            List<String> names = jar.stream().map(JarEntry::getName).toList();

            assertThat(names).as("the package's own classes are there").contains("com/wfp/local/LocalPlatform.class");
            assertThat(names).filteredOn(name -> name.startsWith("software/amazon/awssdk/")
                            || name.startsWith("com/wfp/adapters/aws/") || name.startsWith("com/wfp/aws/"))
                    .isEmpty();
        }
    }

    @Test
    void scriptHelp_listsTheCliCommandsBesideTheScriptsOwnTestBenchAndAws() throws Exception {
        // The package is what the script runs; dated now, it is not rebuilt by the script for this call.
        Files.setLastModifiedTime(PACKAGE, FileTime.from(Instant.now()));
        Path script = PACKAGE.toAbsolutePath().normalize().resolve("../../../../wfp").normalize();
        Process help = new ProcessBuilder("bash", script.toString(), "--help").redirectErrorStream(true).start();
        String printed = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).as(printed).isZero();
        assertThat(printed).doesNotContain("building").contains("publish").contains("workflows").contains("retire")
                .contains("test [MAVEN ARGS]").contains("bench [NAME|all]").contains("aws synth").contains("aws deploy")
                .contains("aws destroy");
    }
}
