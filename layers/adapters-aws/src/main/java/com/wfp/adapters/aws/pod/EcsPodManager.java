package com.wfp.adapters.aws.pod;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.adapters.pod.LoadRequest;
import com.wfp.adapters.pod.PodClient;
import com.wfp.platform.pod.PodPlan;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.port.PodHealth;
import com.wfp.platform.port.PodManager;
import com.wfp.platform.release.ReleaseId;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import com.wfp.platform.secrets.ReleaseSecrets;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The users' production pods on ECS Fargate: one service per user ({@code wfp-pod-<user>}) running
 * at most one task of the pod image, sized by the user's {@link PodPlan} (Fargate CPU and memory,
 * the heap, the cores the JVM sizes itself for, executions at once and queued), in the VPC's
 * private subnets behind the pods' security group, with its token injected from Secrets Manager
 * and its log sent to CloudWatch Logs by the awslogs driver.
 *
 * <p>{@link #ensurePod} creates the service, or scales it back to one task, and waits until the
 * task's address is registered and the pod answers its health check as ready, against
 * {@link EcsPodSettings#readyTimeout()}, reporting progress as ECS reports it. A warm pod is
 * answered from the address and one health call; a service already wanting its task is waited for, not
 * redeployed, so a new plan takes effect at the pod's next start. Load, unload and health go to the task itself.
 */
public final class EcsPodManager implements PodManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The tag that names the user on the service and its tasks. */
    public static final String USER_TAG = "wfp:user";

    private final EcsClient ecs;
    private final SecretsManagerClient secrets;
    private final EcsPodSettings settings;
    private final PodTokens tokens;
    private final Function<String, PodPlan> plans;
    private final DynamoDbPodAddresses addresses;
    private final PodAddressBook addressBook;
    private final PodClient client;
    private final Clock clock;
    private final Consumer<String> progress;
    private volatile ReleaseSecrets releaseSecrets = ReleaseSecrets.NONE;

    /**
     * @param plans    each user's plan (the platform's defaults for a user without one)
     * @param progress told what the wait for a task is at, one line each time it changes
     */
    public EcsPodManager(EcsClient ecs, SecretsManagerClient secrets, EcsPodSettings settings, PodTokens tokens,
                         Function<String, PodPlan> plans, DynamoDbPodAddresses addresses, PodClient client,
                         Clock clock, Consumer<String> progress) {
        this.ecs = ecs;
        this.secrets = secrets;
        this.settings = settings;
        this.tokens = tokens;
        this.plans = plans;
        this.addresses = addresses;
        // The manager always reads the newest address: it waits for a task that is only now registering.
        this.addressBook = new PodAddressBook(addresses, tokens, Duration.ZERO, System::nanoTime);
        this.client = client;
        this.clock = clock;
        this.progress = progress;
    }

    /**
     * Where the secrets handed to the pod with each release it loads come from: the values of the
     * credentials the release declares, from its own project. They travel in the load request to
     * the task, never in the task definition or its environment.
     */
    public EcsPodManager useSecrets(ReleaseSecrets source) {
        this.releaseSecrets = java.util.Objects.requireNonNull(source, "source");
        return this;
    }

    @Override
    public PodEndpoint ensurePod(String user) {
        return readyOrStarted(user).orElseGet(() -> awaitReady(user));
    }

    /**
     * The user's pod when it answers ready now; otherwise makes sure its service wants a task
     * (creating the service, or scaling it back to one task with the plan as it is now) and answers
     * empty without waiting for the task, for callers that cannot wait as long as a task takes to start.
     */
    public Optional<PodEndpoint> readyOrStarted(String user) {
        Optional<Service> service = service(user);
        if (service.isPresent() && service.get().desiredCount() >= 1) {
            // Running or starting already: a new task definition now would replace a task that works.
            return ready(user) ? Optional.of(addressBook.apply(user)) : Optional.empty();
        }
        PodPlan plan = plans.apply(user);
        String secretArn = storeToken(user);
        String taskDefinition = registerTaskDefinition(user, plan, secretArn);
        if (service.isEmpty()) {
            createService(user, taskDefinition);
        } else {
            // Scaled to zero: it starts again with the plan as it is now.
            ecs(() -> ecs.updateService(b -> b.cluster(settings.cluster()).service(settings.serviceName(user))
                    .taskDefinition(taskDefinition).desiredCount(1)), "scale the pod service of " + user + " to one task");
        }
        return Optional.empty();
    }

    @Override
    public String load(String user, ReleaseId releaseId, String workflowId, String version, String definitionJson) {
        LoadRequest request;
        try {
            request = new LoadRequest(workflowId, version, JSON.readTree(definitionJson),
                    releaseSecrets.forRelease(releaseId.value()));
        } catch (IOException e) {
            throw new DomainException("store.corrupt", 500, "Release " + releaseId + " has a definition that is not JSON",
                    "Restore the release store from a backup.", e);
        }
        return client.load(addressBook.apply(user), podName(user), releaseId.value(), request).sha256();
    }

    @Override
    public void unload(String user, ReleaseId releaseId) {
        client.unload(addressBook.apply(user), podName(user), releaseId.value());
    }

    @Override
    public PodHealth health(String user) {
        Optional<java.net.URI> address = addresses.address(user);
        if (address.isEmpty()) {
            return new PodHealth(false, Set.of(), "The pod has no running task.");
        }
        try {
            PodClient.HealthAnswer answer = client.health(new PodEndpoint(address.get(), tokens.tokenOf(user)), podName(user));
            Set<ReleaseId> loaded = new HashSet<>();
            answer.releases().forEach(id -> loaded.add(new ReleaseId(id)));
            boolean healthy = "ready".equals(answer.status());
            return new PodHealth(healthy, loaded, healthy ? "" : "The pod is " + answer.status() + ".");
        } catch (DomainException unreachable) {
            return new PodHealth(false, Set.of(), unreachable.getMessage());
        }
    }

    /** Whether a running task of the user's pod has its address registered. */
    public boolean hasTask(String user) {
        return addresses.address(user).isPresent();
    }

    /** Scales the user's service to zero tasks; a user without a service has nothing to stop. */
    @Override
    public void stop(String user) {
        if (service(user).isEmpty()) {
            return;
        }
        ecs(() -> ecs.updateService(b -> b.cluster(settings.cluster()).service(settings.serviceName(user)).desiredCount(0)),
                "scale the pod service of " + user + " to zero");
    }

    /**
     * Starts the user's task again with the plan as it is now: a new task definition and a new
     * deployment of the service, which ECS rolls out. A user without a running service is left alone.
     */
    public void restart(String user) {
        Optional<Service> service = service(user);
        if (service.isEmpty() || service.get().desiredCount() == 0) {
            return;
        }
        String taskDefinition = registerTaskDefinition(user, plans.apply(user), storeToken(user));
        ecs(() -> ecs.updateService(b -> b.cluster(settings.cluster()).service(settings.serviceName(user))
                .taskDefinition(taskDefinition).desiredCount(1).forceNewDeployment(true)),
                "restart the pod service of " + user);
    }

    /** Every pod service of the cluster that is not deleted. */
    public List<Service> services() {
        List<String> arns = new java.util.ArrayList<>();
        String next = null;
        do {
            String token = next;
            var page = ecs(() -> ecs.listServices(b -> b.cluster(settings.cluster()).nextToken(token)),
                    "list the pod services");
            page.serviceArns().stream().filter(arn -> EcsPodSettings.userOfService(arn.substring(arn.lastIndexOf('/') + 1))
                    != null).forEach(arns::add);
            next = page.nextToken();
        } while (next != null);
        List<Service> services = new java.util.ArrayList<>();
        for (int i = 0; i < arns.size(); i += 10) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + 10));
            services.addAll(ecs(() -> ecs.describeServices(b -> b.cluster(settings.cluster()).services(batch)),
                    "describe the pod services").services());
        }
        return services.stream().filter(s -> !"INACTIVE".equals(s.status())).toList();
    }

    /** Whether the service's task definition was made from {@code plan}. */
    public boolean runsPlan(Service service, PodPlan plan) {
        ContainerDefinition container = ecs(() -> ecs.describeTaskDefinition(b -> b.taskDefinition(
                service.taskDefinition())), "describe the pod task definition").taskDefinition()
                .containerDefinitions().getFirst();
        Map<String, String> environment = new java.util.HashMap<>();
        container.environment().forEach(variable -> environment.put(variable.name(), variable.value()));
        return environment.equals(planEnvironment(service.serviceName().substring(EcsPodSettings.SERVICE_PREFIX.length()),
                plan));
    }

    private static Map<String, String> planEnvironment(String user, PodPlan plan) {
        return Map.of("WFP_POD_NAME", user,
                "WFP_POD_MAX_CONCURRENCY", Integer.toString(plan.maxConcurrency()),
                "WFP_POD_QUEUE_SIZE", Integer.toString(plan.queueSize()),
                // Added to the image's JAVA_OPTS by the JVM itself: the plan's heap and cores win.
                "JAVA_TOOL_OPTIONS", "-Xmx" + plan.heapMb() + "m -XX:ActiveProcessorCount=" + plan.cpus());
    }

    /** The user's service, unless it does not exist or was deleted. */
    public Optional<Service> service(String user) {
        List<Service> found = ecs(() -> ecs.describeServices(b -> b.cluster(settings.cluster())
                .services(settings.serviceName(user))), "describe the pod service of " + user).services();
        return found.stream().filter(s -> !"INACTIVE".equals(s.status())).findFirst();
    }

    private boolean ready(String user) {
        return health(user).healthy();
    }

    private PodEndpoint awaitReady(String user) {
        Instant deadline = clock.instant().plus(settings.readyTimeout());
        String last = null;
        while (true) {
            Service service = service(user).orElseThrow(() -> new DomainException("pod.start-failed", 503,
                    "The pod service of " + user + " disappeared while it was starting",
                    "Publish again; if it repeats, check who deletes services in the cluster.", null));
            Deployment primary = service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
                    .orElse(null);
            if (primary != null && "FAILED".equals(primary.rolloutStateAsString())) {
                throw new DomainException("pod.start-failed", 503,
                        "ECS could not start the pod of " + user + ": " + primary.rolloutStateReason(),
                        "Check the service's events and the pod's log group " + settings.logGroup() + ".", null);
            }
            PodHealth health = health(user);
            if (health.healthy()) {
                progress.accept("pod of " + user + ": ready");
                return addressBook.apply(user);
            }
            String now = "pod of " + user + ": " + service.runningCount() + " running, " + service.pendingCount()
                    + " pending" + (primary == null || primary.rolloutStateAsString() == null ? ""
                    : ", deployment " + primary.rolloutStateAsString())
                    + (addresses.runningTasks(user) == 0 ? ", no task registered yet" : ", " + health.detail());
            if (!now.equals(last)) {
                progress.accept(now);
                last = now;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw DomainException.unavailable("pod.start-timeout",
                        "The pod of " + user + " was not ready within " + settings.readyTimeout().toSeconds() + " s ("
                                + now + ")",
                        "Publish again in a minute; if it repeats, check the service's events and the log group "
                                + settings.logGroup() + ".", null);
            }
            try {
                Thread.sleep(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DomainException.unavailable("pod.start-timeout", "Stopped waiting for the pod of " + user,
                        "Publish again.", e);
            }
        }
    }

    /** Writes the user's pod token to its secret and returns the secret's ARN. */
    private String storeToken(String user) {
        String name = settings.tokenSecretPrefix() + user;
        String token = tokens.tokenOf(user);
        try {
            try {
                return secrets.createSecret(b -> b.name(name).secretString(token)
                        .description("Bearer token of the production pod of " + user)).arn();
            } catch (ResourceExistsException exists) {
                return secrets.putSecretValue(b -> b.secretId(name).secretString(token)).arn();
            }
        } catch (SdkException e) {
            throw DomainException.unavailable("pod.secret-unavailable",
                    "Could not store the pod token of " + user + " in Secrets Manager: " + e.getMessage(),
                    "Give the publish functions secretsmanager:CreateSecret and PutSecretValue on "
                            + settings.tokenSecretPrefix() + "*; then publish again.", e);
        }
    }

    private String registerTaskDefinition(String user, PodPlan plan, String secretArn) {
        FargateSize size = FargateSize.of(plan);
        ContainerDefinition container = ContainerDefinition.builder()
                .name(EcsPodSettings.CONTAINER)
                .image(settings.image())
                .essential(true)
                .portMappings(PortMapping.builder().containerPort(EcsPodSettings.POD_PORT).protocol(TransportProtocol.TCP)
                        .build())
                .environment(planEnvironment(user, plan).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(variable -> env(variable.getKey(), variable.getValue())).toList())
                .secrets(Secret.builder().name("WFP_POD_TOKEN").valueFrom(secretArn).build())
                .logConfiguration(LogConfiguration.builder().logDriver(LogDriver.AWSLOGS).options(Map.of(
                        "awslogs-group", settings.logGroup(),
                        "awslogs-region", settings.region(),
                        "awslogs-stream-prefix", user)).build())
                .healthCheck(HealthCheck.builder()
                        .command("CMD-SHELL", "exec 3<>/dev/tcp/127.0.0.1/" + EcsPodSettings.POD_PORT
                                + " && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '")
                        .interval(15).timeout(3).retries(3).startPeriod(20).build())
                .build();
        return ecs(() -> ecs.registerTaskDefinition(b -> {
            b.family(settings.serviceName(user))
                    .requiresCompatibilities(Compatibility.FARGATE)
                    .networkMode(NetworkMode.AWSVPC)
                    .cpu(Integer.toString(size.cpuUnits()))
                    .memory(Integer.toString(size.memoryMb()))
                    .executionRoleArn(settings.executionRoleArn())
                    .containerDefinitions(container)
                    .tags(Tag.builder().key(USER_TAG).value(user).build());
            if (settings.taskRoleArn() != null) {
                b.taskRoleArn(settings.taskRoleArn());
            }
        }), "register the pod task definition of " + user).taskDefinition().taskDefinitionArn();
    }

    private void createService(String user, String taskDefinition) {
        ecs(() -> ecs.createService(b -> b.cluster(settings.cluster())
                .serviceName(settings.serviceName(user))
                .taskDefinition(taskDefinition)
                .desiredCount(1)
                .launchType(LaunchType.FARGATE)
                .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                        .subnets(settings.subnets())
                        .securityGroups(settings.securityGroup())
                        .assignPublicIp(AssignPublicIp.DISABLED)
                        .build()).build())
                .tags(Tag.builder().key(USER_TAG).value(user).build())
                .propagateTags("SERVICE")), "create the pod service of " + user);
    }

    private static KeyValuePair env(String name, String value) {
        return KeyValuePair.builder().name(name).value(value).build();
    }

    static String podName(String user) {
        return "production pod of " + user;
    }

    private <T> T ecs(java.util.function.Supplier<T> call, String action) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw DomainException.unavailable("pod.ecs-unavailable", "ECS refused to " + action + ": " + e.getMessage(),
                    "Check that cluster '" + settings.cluster() + "' exists and that the function's role may manage"
                            + " services and task definitions in it (ecs:*Service, ecs:RegisterTaskDefinition,"
                            + " iam:PassRole on the pod roles); then retry.", e);
        }
    }
}
