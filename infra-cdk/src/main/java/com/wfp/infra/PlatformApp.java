package com.wfp.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The CDK app: synthesizes the platform's stacks into a cloud assembly without the CDK CLI, so
 * the build checks it offline; {@code cdk deploy --app <that directory>} deploys it.
 *
 * <p>Usage: {@code PlatformApp [OUTDIR]} (default {@code cdk.out}). Per-workflow alarms to
 * create at synth: {@code -Dwfp.alarms=user/project/workflow@releaseId,...}. An OIDC issuer whose
 * JWTs the functions accept: {@code -Dwfp.oidc.issuer=... -Dwfp.oidc.audience=... -Dwfp.oidc.jwksUrl=...}
 * (and optionally {@code -Dwfp.oidc.personClaim=...}), handed to the stacks as the context
 * {@link FunctionsStack#OIDC_CONTEXT}.
 */
public final class PlatformApp {

    private PlatformApp() {
    }

    public static void main(String[] args) {
        Path outdir = Path.of(args.length > 0 ? args[0] : "cdk.out").toAbsolutePath().normalize();
        CloudAssembly assembly = synthesize(outdir, Repository.locate(), alarms(System.getProperty("wfp.alarms", "")),
                oidcContext(System::getProperty));
        System.out.println("wfp: synthesized " + assembly.getStacks().size() + " stacks into " + assembly.getDirectory());
        // The jsii runtime's Node process would keep the JVM waiting otherwise.
        System.exit(0);
    }

    /** The platform's app synthesized into {@code outdir}. */
    static CloudAssembly synthesize(Path outdir, Repository repository, List<WorkflowAlarms.Spec> alarms,
                                    Map<String, Object> context) {
        App app = new App(AppProps.builder().outdir(outdir.toString()).context(context).build());
        Platform.create(app, repository, alarms);
        return app.synth();
    }

    /**
     * The OIDC context from the {@code wfp.oidc.*} properties: empty when no issuer is named.
     *
     * @throws IllegalArgumentException when an issuer is named without its audience or key set URL
     */
    static Map<String, Object> oidcContext(UnaryOperator<String> properties) {
        Map<String, Object> context = new LinkedHashMap<>();
        String issuer = properties.apply("wfp.oidc.issuer");
        if (issuer == null || issuer.isBlank()) {
            return context;
        }
        for (String name : List.of("issuer", "audience", "jwksUrl", "personClaim")) {
            String value = properties.apply("wfp.oidc." + name);
            if (value != null && !value.isBlank()) {
                context.put(FunctionsStack.OIDC_CONTEXT.get(name), value.strip());
            } else if (!name.equals("personClaim")) {
                throw new IllegalArgumentException("wfp.oidc.issuer is set, so wfp.oidc." + name + " must be too"
                        + " (WFP_OIDC_AUDIENCE: the platform's client id; WFP_OIDC_JWKS_URL: the issuer's key set URL)");
            }
        }
        return context;
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
