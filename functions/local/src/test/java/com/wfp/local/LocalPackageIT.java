package com.wfp.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
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
}
