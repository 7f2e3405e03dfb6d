package com.wfp.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build outputs this app deploys, found in the repository it was built from: the Lambda
 * deployment package and the pod image's build context. A missing one fails the synth with the
 * command that builds it, since an asset synthesized from nothing would deploy nothing.
 */
record Repository(Path root) {

    /** The pod image's build context; its Dockerfile copies {@value #POD_JAR}. */
    static final String POD_DIRECTORY = "functions/pod";
    static final String POD_JAR = "target/wfp-pod.jar";

    /** The repository named by {@code -Dwfp.root}, else the first directory upwards that holds the pod's Dockerfile. */
    static Repository locate() {
        String given = System.getProperty("wfp.root");
        Path start = Path.of(given == null || given.isBlank() ? "" : given).toAbsolutePath().normalize();
        for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve(POD_DIRECTORY).resolve("Dockerfile"))) {
                return new Repository(candidate);
            }
        }
        throw new IllegalStateException("No wfp repository at or above " + start
                + ": run the CDK app from the repository (./wfp aws synth) or pass -Dwfp.root=<repository>.");
    }

    /** The shaded jar every function runs. */
    Path lambdaPackage() {
        return built(root.resolve(LambdaRuntime.PACKAGE_JAR), LambdaRuntime.PACKAGE_MODULE);
    }

    /** The directory the pod image is built from, after checking that the jar it copies exists. */
    Path podImageContext() {
        Path directory = root.resolve(POD_DIRECTORY);
        built(directory.resolve(POD_JAR), POD_DIRECTORY);
        return directory;
    }

    private static Path built(Path file, String module) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " does not exist: build it first with"
                    + " ./mvnw -pl " + module + " -am package -DskipTests (./wfp aws synth does).");
        }
        return file;
    }
}
