package com.wfp.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static com.wfp.infra.Templates.map;
import static com.wfp.infra.Templates.properties;
import static com.wfp.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stacks against the package they deploy: every handler they name is a class of the package
 * with a {@code handleRequest} method, and every environment variable they set is one the
 * package's own classes name. So a rename in {@code functions/aws} fails here, not at a Lambda's init.
 */
class LambdaPackageTest {

    private static Path jar;
    /** The text of every class file of the platform's own packages in the jar. */
    private static String platformClasses;

    @BeforeAll
    static void readPackage() throws IOException {
        jar = Repository.locate().lambdaPackage();
        StringBuilder text = new StringBuilder();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                if (entry.getName().startsWith("com/wfp/") && entry.getName().endsWith(".class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        // Class-file string constants of ASCII names are stored as the bytes themselves.
                        text.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).append('\n');
                    }
                }
            }
        }
        platformClasses = text.toString();
    }

    @Test
    void everyHandlerTheStacksName_isAClassOfThePackageWithAHandleRequestMethod() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (FunctionGroup group : FunctionGroup.values()) {
                Class<?> entry = Class.forName(LambdaRuntime.ENTRY_PACKAGE + group.entryClass, false, loader);
                assertThat(Arrays.stream(entry.getMethods()).map(Method::getName)).as(group.entryClass)
                        .contains("handleRequest");
                assertThat(entry.getConstructor()).as("public no-arg constructor of %s", group.entryClass).isNotNull();
            }
        }
    }

    @Test
    void everyEnvironmentVariableTheStacksSet_isNamedByThePackage() {
        Set<String> variables = new TreeSet<>();
        resources(SynthesizedPlatform.template(SynthesizedPlatform.platform().functions()), "AWS::Lambda::Function")
                .values().forEach(function ->
                        variables.addAll(Templates.variables(properties(function)).keySet()));
        assertThat(variables).contains(LambdaRuntime.TABLE, LambdaRuntime.POD_IMAGE);
        assertThat(variables.stream().filter(variable -> !platformClasses.contains(variable)).toList())
                .as("variables the stacks set that no class of %s names", jar.getFileName())
                .isEmpty();
    }
}
