package com.wfp.platform.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class PlatformDependenciesTest {

    private final JavaClasses platform = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.wfp.platform");

    @Test
    void platform_importsNoJdbcHttpServerOrAwsClasses() {
        noClasses().that().resideInAPackage("com.wfp.platform..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.sql..", "javax.sql..", "software.amazon..", "com.amazonaws..",
                        "org.eclipse.jetty..", "jakarta.servlet..", "javax.servlet..", "com.sun.net.httpserver..",
                        "org.sqlite..", "com.wfp.adapters..",
                        // the hosts: handlers, the local platform, the pod server and the Lambda roots
                        "com.wfp.handlers..", "com.wfp.local..", "com.wfp.pod..", "com.wfp.aws..")
                .because("the publishing domain runs unchanged on AWS and locally; adapters hold the technology")
                .check(platform);
    }
}
