package com.wfp.local.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps dependencies pointing inward: functions -> adapters -> platform -> workflow. This module
 * depends on every other one, so its test class path sees the whole production code base.
 */
class ArchitectureTest {

    private static final String[] INFRASTRUCTURE = {
            "software.amazon..", "com.amazonaws..", "java.sql..", "javax.sql..", "org.sqlite..",
            "org.eclipse.jetty..", "jakarta.servlet..", "javax.servlet..", "com.sun.net.httpserver..",
            "java.net.http..",
    };

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.wfp");
    }

    @Test
    void importer_whenScanningTheClassPath_seesEveryModule() {
        assertThat(production.containPackage("com.wfp.workflow.model")).isTrue();
        assertThat(production.stream().map(c -> c.getPackageName()).distinct())
                .anyMatch(p -> p.startsWith("com.wfp.workflow"))
                .anyMatch(p -> p.startsWith("com.wfp.local"));
    }

    @Test
    void domainModules_whenCompiled_importNoAwsJdbcOrHttpServerClasses() {
        ArchRule rule = noClasses().that().resideInAnyPackage("com.wfp.workflow..", "com.wfp.platform..")
                .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE)
                .because("the domain runs unchanged on Lambda and locally; adapters own the infrastructure");
        rule.check(production);
    }

    @Test
    void workflowModule_whenCompiled_dependsOnNoOuterModule() {
        noClasses().that().resideInAPackage("com.wfp.workflow..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.wfp.platform..", "com.wfp.adapters..", "com.wfp.handlers..", "com.wfp.pod..", "com.wfp.local..")
                .check(production);
    }

    @Test
    void platformModule_whenCompiled_dependsOnlyOnWorkflow() {
        noClasses().that().resideInAPackage("com.wfp.platform..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.wfp.adapters..", "com.wfp.handlers..", "com.wfp.pod..", "com.wfp.local..")
                .check(production);
    }

    @Test
    void adapters_whenCompiled_dependOnNoFunction() {
        noClasses().that().resideInAPackage("com.wfp.adapters..")
                .should().dependOnClassesThat().resideInAnyPackage("com.wfp.handlers..", "com.wfp.pod..", "com.wfp.local..")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void lambdaHandlers_whenDeclared_liveOnlyInTheHandlersFunction() {
        classes().that().implement("com.amazonaws.services.lambda.runtime.RequestHandler")
                .or().implement("com.amazonaws.services.lambda.runtime.RequestStreamHandler")
                .should().resideInAPackage("com.wfp.handlers..")
                .allowEmptyShould(true)
                .check(production);
    }
}
