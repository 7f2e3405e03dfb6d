package com.wfp.local.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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

    /** The packages of functions/*: the hosts, which compose adapters and handlers but implement no port. */
    private static final String[] FUNCTIONS = {"com.wfp.handlers..", "com.wfp.local..", "com.wfp.pod..", "com.wfp.aws.."};

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
                .allowEmptyShould(true)
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

    @Test
    void podProtocolNames_whenWritten_comeFromThePodProtocolModuleOnly() {
        classes().that().resideOutsideOfPackage("com.wfp.adapters.pod")
                .and().areTopLevelClasses()
                .should(new ArchCondition<JavaClass>("not spell a platform header (\"X-Wfp-...\") in their source") {
                    @Override
                    public void check(JavaClass javaClass, ConditionEvents events) {
                        String source = sourceOf(javaClass);
                        if (source.toLowerCase(Locale.ROOT).contains("\"x-wfp-")) {
                            events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName()
                                    + " spells an X-Wfp- header; use the constants of com.wfp.adapters.pod.PodProtocol"));
                        }
                    }
                })
                .because("the pod's protocol is written once, in layers/pod-protocol, for both ends of the wire")
                .check(production);
    }

    @Test
    void portImplementations_whenDeclared_liveInAdapterOrDomainModules() {
        var port = JavaClass.Predicates.resideInAPackage("com.wfp.platform.port..");
        // The predicate does see implementations, so the rule below can fail.
        assertThat(production.that(JavaClass.Predicates.implement(port)).stream().map(JavaClass::getName))
                .contains("com.wfp.adapters.local.store.SqliteReleaseStore");
        noClasses().that().resideInAnyPackage(FUNCTIONS)
                .should().implement(port)
                .because("a port is implemented by an adapter module (layers/adapters-*, layers/pod-protocol), so both"
                        + " hosts can use it and its contract suite runs against it; functions/* only compose them")
                .check(production);
    }

    @Test
    void handlers_whenCompiled_useNoAwsSdkOrSqliteClasses() {
        noClasses().that().resideInAPackage("com.wfp.handlers..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "org.sqlite..", "java.sql..",
                        "javax.sql..")
                .because("handlers are translators shared by Lambda and the local gateway; the infrastructure they"
                        + " reach is behind the platform's ports")
                .check(production);
    }

    @Test
    void handlers_whenAdded_liveInTheirAreasPackageAndReachOtherAreasOnlyThroughHttp() {
        String[] areas = {"access", "console", "datapath", "docs", "pods", "publishing", "telemetry", "traffic"};
        String[] packages = java.util.stream.Stream.concat(java.util.stream.Stream.of("http"), java.util.Arrays.stream(areas))
                .map(area -> "com.wfp.handlers." + area).toArray(String[]::new);
        classes().that().resideInAPackage("com.wfp.handlers..")
                .should().resideInAnyPackage(packages)
                .because("a newcomer finds a route's handler by its area; http holds what every area shares")
                .check(production);
        for (String area : areas) {
            String[] others = java.util.Arrays.stream(areas).filter(other -> !other.equals(area))
                    .map(other -> "com.wfp.handlers." + other + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("com.wfp.handlers." + area + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("what two areas share belongs in com.wfp.handlers.http, so each area reads on its own")
                    .check(production);
        }
    }

    @Test
    void podRunPath_whenWritten_comesFromThePodProtocolModuleOnly() {
        classes().that().resideOutsideOfPackage("com.wfp.adapters.pod")
                .and().areTopLevelClasses()
                .should(new ArchCondition<JavaClass>("not spell the pod's run path (\"/run/\") in their source") {
                    @Override
                    public void check(JavaClass javaClass, ConditionEvents events) {
                        if (sourceOf(javaClass).contains("\"/run/")) {
                            events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName()
                                    + " spells the pod's run path; use PodProtocol.RUN_PREFIX"));
                        }
                    }
                })
                .because("the pod's protocol is written once, in layers/pod-protocol, for both ends of the wire")
                .check(production);
    }

    @Test
    void logging_whenWritten_goesThroughSlf4jOnly() {
        noClasses().that().resideInAPackage("com.wfp..")
                .should().callMethod(System.class, "getLogger", String.class)
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .orShould().callMethod("com.amazonaws.services.lambda.runtime.Context", "getLogger")
                .because("every process writes one structured JSON log through SLF4J (layers/logging)")
                .check(production);
    }

    /**
     * The source file of a class compiled in this reactor (the compiled class sits in a module's
     * target/classes or target/*.jar; its source in that module's src/main/java). Compile-time
     * constants are copied into the classes that use them, so the source is where a literal shows.
     */
    private static String sourceOf(JavaClass javaClass) {
        String location = javaClass.getSource().map(source -> source.getUri().toString()).orElseThrow();
        int target = location.lastIndexOf("/target/");
        String fileName = javaClass.getSourceCodeLocation().getSourceFileName();
        if (target < 0 || fileName == null) {
            throw new IllegalStateException("Cannot find the source of " + javaClass.getName() + " at " + location);
        }
        String module = location.substring(location.indexOf("file:") + "file:".length(), target);
        Path file = Path.of(module, "src", "main", "java", javaClass.getPackageName().replace('.', '/'), fileName);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
