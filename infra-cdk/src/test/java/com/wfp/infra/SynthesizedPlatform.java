package com.wfp.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The platform synthesized once per test JVM (a synth starts Node and copies the assets, so every
 * test class reads the same cloud assembly), with one per-workflow alarm named, as a user would
 * with {@code -Dwfp.alarms}, and an OIDC issuer.
 */
final class SynthesizedPlatform {

    static final WorkflowAlarms.Spec ALARMED = new WorkflowAlarms.Spec("ada/shop/checkout", "rel_0123", 0.05, 800, 20);

    /** An OIDC issuer, as a user names one with {@code -Dwfp.oidc.*}. */
    static final Map<String, Object> OIDC = PlatformApp.oidcContext(Map.of("wfp.oidc.issuer", "https://login.example.com",
            "wfp.oidc.audience", "wfp-platform", "wfp.oidc.jwksUrl", "https://login.example.com/jwks.json")::get);

    private static Platform platform;
    private static CloudAssembly assembly;
    private static final Map<String, Template> TEMPLATES = new ConcurrentHashMap<>();

    private SynthesizedPlatform() {
    }

    static synchronized Platform platform() {
        if (platform == null) {
            Path outdir;
            try {
                outdir = Files.createTempDirectory("wfp-cdk-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Tests read the templates and asset manifests from it lazily, up to the last test class of the JVM.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(outdir), "delete-" + outdir.getFileName()));
            App app = new App(AppProps.builder().outdir(outdir.toString()).context(OIDC).build());
            platform = Platform.create(app, Repository.locate(), List.of(ALARMED));
            assembly = app.synth();
        }
        return platform;
    }

    /**
     * Deletes the cloud assembly (tens of megabytes of copied assets each run), unless {@code -Dwfp.keepTestData=true}
     * asks to keep it for a look.
     */
    private static void delete(Path outdir) {
        if (Boolean.getBoolean("wfp.keepTestData")) {
            System.err.println("kept the synthesized cloud assembly in " + outdir + " (wfp.keepTestData=true)");
            return;
        }
        try (Stream<Path> files = Files.walk(outdir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete the synthesized cloud assembly in " + outdir + ": " + e);
        }
    }

    /** The synthesized template of one of the platform's stacks. */
    @SuppressWarnings("unchecked")
    static Template template(Stack stack) {
        platform();
        return TEMPLATES.computeIfAbsent(stack.getStackName(), name ->
                Template.fromJSON((Map<String, Object>) assembly.getStackByName(name).getTemplate()));
    }

    /** The asset manifest of one stack: its files and Docker images. */
    static Object assetManifest(Stack stack) {
        platform();
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                    Path.of(assembly.getDirectory(), stack.getStackName() + ".assets.json").toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every stack's template, in dependency order. */
    static List<Template> all() {
        Platform p = platform();
        return List.of(template(p.data()), template(p.pods()), template(p.api()), template(p.functions()),
                template(p.observability()));
    }
}
