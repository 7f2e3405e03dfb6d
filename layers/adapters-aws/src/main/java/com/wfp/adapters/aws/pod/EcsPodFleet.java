package com.wfp.adapters.aws.pod;

import com.wfp.platform.pod.PodPlan;
import com.wfp.platform.pod.PodSummary;
import com.wfp.platform.port.PodFleet;
import com.wfp.platform.port.PodHealth;
import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;
import software.amazon.awssdk.services.ecs.model.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The operator's side of the pods on ECS: every pod service with its state and plan, and each
 * user's plan, saved in DynamoDB. A new plan sizes the user's next task; {@code restartNow}
 * starts that task now (a new deployment of the service, which ECS rolls out).
 */
public final class EcsPodFleet implements PodFleet {

    private final EcsPodManager pods;
    private final DynamoDbPodPlans plans;

    public EcsPodFleet(EcsPodManager pods, DynamoDbPodPlans plans) {
        this.pods = pods;
        this.plans = plans;
    }

    @Override
    public List<PodSummary> pods() {
        List<PodSummary> summaries = new ArrayList<>();
        for (Service service : pods.services()) {
            String user = EcsPodSettings.userOfService(service.serviceName());
            if (user != null) {
                summaries.add(summary(user, service));
            }
        }
        summaries.sort(Comparator.comparing(PodSummary::user));
        return summaries;
    }

    @Override
    public PodPlan plan(String user) {
        InputRules.userId("user", user);
        return plans.planOrDefaults(user);
    }

    @Override
    public PodSummary setPlan(String user, PodPlan plan, boolean restartNow) {
        InputRules.userId("user", user);
        plans.save(user, plan);
        if (restartNow) {
            pods.restart(user);
        }
        return pods.service(user).map(service -> summary(user, service))
                .orElse(new PodSummary(user, "production", "stopped", -1, 0, 0, 0, 0, Duration.ZERO, List.of(), plan,
                        false));
    }

    /**
     * True while ECS still rolls out the service's primary deployment (a new pod or a new plan): a
     * pod not answering then is starting. Once the rollout completed, a pod that does not answer is
     * down: its task no longer answers ({@code unreachable}) or ECS is replacing it ({@code restarting}).
     */
    private static boolean rollingOut(Service service) {
        return service.deployments().stream().anyMatch(d -> "PRIMARY".equals(d.status())
                && d.rolloutState() == software.amazon.awssdk.services.ecs.model.DeploymentRolloutState.IN_PROGRESS);
    }

    private PodSummary summary(String user, Service service) {
        PodPlan plan = plans.planOrDefaults(user);
        PodHealth health = service.desiredCount() == 0 ? new PodHealth(false, java.util.Set.of(), "") : pods.health(user);
        String state = service.desiredCount() == 0 ? "stopped" : health.healthy() ? "ready"
                : rollingOut(service) ? "starting" : pods.hasTask(user) ? "unreachable" : "restarting";
        List<String> releases = health.loaded().stream().map(ReleaseId::value).sorted().toList();
        return new PodSummary(user, "production", state, -1, 0, 0, 0, 0, Duration.ZERO, releases, plan,
                !pods.runsPlan(service, plan));
    }
}
