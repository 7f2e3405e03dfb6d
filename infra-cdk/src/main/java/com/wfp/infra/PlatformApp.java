package com.wfp.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CDK app: synthesizes the platform's stacks into a cloud assembly without the CDK CLI, so
 * the build checks it offline; {@code cdk deploy --app <that directory>} deploys it.
 *
 * <p>Usage: {@code PlatformApp [OUTDIR]} (default {@code cdk.out}). Per-workflow alarms to
 * create at synth: {@code -Dwfp.alarms=user/project/workflow@releaseId,...}.
 */
public final class PlatformApp {

    private PlatformApp() {
    }

    public static void main(String[] args) {
        Path outdir = Path.of(args.length > 0 ? args[0] : "cdk.out").toAbsolutePath().normalize();
        CloudAssembly assembly = synthesize(outdir, Repository.locate(), alarms(System.getProperty("wfp.alarms", "")));
        System.out.println("wfp: synthesized " + assembly.getStacks().size() + " stacks into " + assembly.getDirectory());
        // The jsii runtime's Node process would keep the JVM waiting otherwise.
        System.exit(0);
    }

    /** The platform's app synthesized into {@code outdir}. */
    static CloudAssembly synthesize(Path outdir, Repository repository, List<WorkflowAlarms.Spec> alarms) {
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        Platform.create(app, repository, alarms);
        return app.synth();
    }

    /** {@code user/project/workflow@releaseId} entries, with the default thresholds of a rollout guard. */
    static List<WorkflowAlarms.Spec> alarms(String list) {
        List<WorkflowAlarms.Spec> specs = new ArrayList<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split("@", 2);
            if (parts.length != 2 || parts[0].split("/").length != 3 || parts[1].isBlank()) {
                throw new IllegalArgumentException("wfp.alarms entry '" + entry
                        + "' is not user/project/workflow@releaseId; for example ada/shop/checkout@rel_0123");
            }
            specs.add(new WorkflowAlarms.Spec(parts[0], parts[1].trim(), 0.05, 800, 20));
        }
        return specs;
    }
}
