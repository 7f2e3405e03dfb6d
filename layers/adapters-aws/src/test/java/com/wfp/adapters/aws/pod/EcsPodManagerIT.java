package com.wfp.adapters.aws.pod;

import com.wfp.adapters.aws.MotoServer;
import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import com.wfp.adapters.pod.PodClient;
import com.wfp.platform.pod.PodPlan;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.port.PodHealth;
import com.wfp.pod.LineSink;
import com.wfp.pod.PodServer;
import com.wfp.pod.PodSettings;
import com.wfp.workflow.engine.EngineSettings;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import com.wfp.platform.port.PodManager;
import com.wfp.platform.port.PodManagerContract;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link EcsPodManager} against ECS, Secrets Manager and DynamoDB on moto_server. Moto runs no
 * task, so a real pod server on this machine stands in for the Fargate task and is registered the
 * way the registrar registers a task that reached RUNNING. Everything the test creates (cluster,
 * services, task definitions, secrets, table) is deleted at the end.
 */
class EcsPodManagerIT {

    private static final String SECRET = "ecs-it-secret-0123456789abcdef01234567";

    private final EcsClient ecs = MotoServer.shared().configure(EcsClient.builder()).build();
    private final SecretsManagerClient secrets = MotoServer.shared().configure(SecretsManagerClient.builder()).build();
    private final DynamoDbClient dynamo = MotoServer.shared().configure(DynamoDbClient.builder()).build();
    private final Ec2Client ec2 = MotoServer.shared().configure(Ec2Client.builder()).build();
    private String vpc;
    private List<String> subnets;
    private String securityGroup;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String cluster = "wfp-it-" + suffix;
    private final String table = "wfp-pods-it-" + suffix;
    private final String user = "ada-" + suffix;
    private final PodTokens tokens = new PodTokens(SECRET);
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService registrar = Executors.newSingleThreadScheduledExecutor();
    private DynamoDbPodAddresses addresses;
    private PodServer pod;
    private EcsPodManager pods;

    @BeforeEach
    void setUp() throws Exception {
        ecs.createCluster(b -> b.clusterName(cluster));
        vpc = ec2.createVpc(b -> b.cidrBlock("10.42.0.0/16")).vpc().vpcId();
        subnets = List.of(ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.42.1.0/24")).subnet().subnetId(),
                ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.42.2.0/24")).subnet().subnetId());
        securityGroup = ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("wfp-pods-" + suffix)
                .description("wfp pods")).groupId();
        DynamoDbReleaseStore.createTable(dynamo, table);
        addresses = new DynamoDbPodAddresses(dynamo, table, Clock.systemUTC());
        pod = new PodServer(PodSettings.defaults(tokens.tokenOf(user)), new WorkflowEngine(EngineSettings.defaults(),
                name -> Optional.empty()), new LineSink() {
            @Override
            public void write(String line) {
            }

            @Override
            public void flush() {
            }
        }).start();
        pods = manager(Duration.ofSeconds(20));
    }

    private EcsPodManager manager(Duration readyTimeout) {
        return manager(readyTimeout, u -> new PodPlan(512, 2, 24, 48));
    }

    private EcsPodManager manager(Duration readyTimeout, java.util.function.Function<String, PodPlan> plans) {
        EcsPodSettings settings = new EcsPodSettings(cluster, "000000000000.dkr.ecr.us-east-1.amazonaws.com/wfp-pod:1",
                subnets, securityGroup,
                "arn:aws:iam::000000000000:role/wfp-pod-execution", null, "/wfp/pods", "us-east-1",
                "wfp-it-" + suffix + "/pod-token/", readyTimeout, Duration.ofMillis(100));
        return new EcsPodManager(ecs, secrets, settings, tokens, plans, addresses,
                new PodClient(), Clock.systemUTC(), progress::add);
    }

    @AfterEach
    void tearDown() {
        registrar.shutdownNow();
        pod.stop();
        for (String arn : ecs.listServices(b -> b.cluster(cluster)).serviceArns()) {
            ecs.deleteService(b -> b.cluster(cluster).service(arn).force(true));
        }
        for (String arn : ecs.listTaskDefinitions(b -> b.familyPrefix(EcsPodSettings.SERVICE_PREFIX + user)).taskDefinitionArns()) {
            ecs.deregisterTaskDefinition(b -> b.taskDefinition(arn));
        }
        ecs.deleteCluster(b -> b.cluster(cluster));
        secrets.listSecrets().secretList().stream().filter(s -> s.name().startsWith("wfp-it-" + suffix + "/"))
                .forEach(s -> secrets.deleteSecret(b -> b.secretId(s.arn()).forceDeleteWithoutRecovery(true)));
        dynamo.deleteTable(b -> b.tableName(table));
        ec2.deleteSecurityGroup(b -> b.groupId(securityGroup));
        subnets.forEach(subnet -> ec2.deleteSubnet(b -> b.subnetId(subnet)));
        ec2.deleteVpc(b -> b.vpcId(vpc));
        ec2.close();
        ecs.close();
        secrets.close();
        dynamo.close();
    }

    /** Registers the stand-in task as the registrar would once ECS reports it RUNNING. */
    private void taskStartsIn(long millis) {
        registrar.schedule(() -> addresses.running(user, "arn:aws:ecs:us-east-1:000000000000:task/" + cluster + "/1",
                URI.create("http://127.0.0.1:" + pod.port())), millis, TimeUnit.MILLISECONDS);
    }

    /** The task registers only once the manager has said it is waiting for one, however slow the machine is. */
    private void taskStartsOnceWaitedFor() {
        registrar.schedule(() -> {
            if (progress.stream().anyMatch(line -> line.contains("no task registered yet"))) {
                taskStartsIn(0);
            } else {
                taskStartsOnceWaitedFor();
            }
        }, 20, TimeUnit.MILLISECONDS);
    }

    @Test
    void ensurePod_forANewUser_createsAFargateServiceSizedByThePlanAndWaitsForItsTask() {
        taskStartsOnceWaitedFor();

        PodEndpoint endpoint = pods.ensurePod(user);

        assertThat(endpoint.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:" + pod.port()));
        assertThat(endpoint.token()).isEqualTo(tokens.tokenOf(user));
        Service service = pods.service(user).orElseThrow();
        assertThat(service.serviceName()).isEqualTo("wfp-pod-" + user);
        assertThat(service.desiredCount()).isEqualTo(1);
        assertThat(service.launchTypeAsString()).isEqualTo("FARGATE");
        assertThat(service.networkConfiguration().awsvpcConfiguration().subnets())
                .containsExactlyElementsOf(subnets);
        assertThat(service.networkConfiguration().awsvpcConfiguration().securityGroups()).containsExactly(securityGroup);
        assertThat(service.networkConfiguration().awsvpcConfiguration().assignPublicIpAsString()).isEqualTo("DISABLED");

        TaskDefinition task = ecs.describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition())).taskDefinition();
        assertThat(task.family()).isEqualTo("wfp-pod-" + user);
        assertThat(task.networkModeAsString()).isEqualTo("awsvpc");
        assertThat(task.requiresCompatibilitiesAsStrings()).containsExactly("FARGATE");
        // 2 cores and a 512 MiB heap: 2 vCPU, whose smallest memory (4 GiB) holds the heap.
        assertThat(task.cpu()).isEqualTo("2048");
        assertThat(task.memory()).isEqualTo("4096");
        ContainerDefinition container = task.containerDefinitions().getFirst();
        Map<String, String> environment = container.environment().stream()
                .collect(Collectors.toMap(e -> e.name(), e -> e.value()));
        assertThat(environment).containsEntry("WFP_POD_MAX_CONCURRENCY", "24").containsEntry("WFP_POD_QUEUE_SIZE", "48")
                .containsEntry("JAVA_TOOL_OPTIONS", "-Xmx512m -XX:ActiveProcessorCount=2")
                .doesNotContainKey("WFP_POD_TOKEN");
        assertThat(container.secrets()).singleElement().satisfies(secret -> {
            assertThat(secret.name()).isEqualTo("WFP_POD_TOKEN");
            assertThat(secrets.getSecretValue(b -> b.secretId(secret.valueFrom())).secretString())
                    .isEqualTo(tokens.tokenOf(user));
        });
        assertThat(container.logConfiguration().logDriverAsString()).isEqualTo("awslogs");
        assertThat(container.logConfiguration().options()).containsEntry("awslogs-group", "/wfp/pods")
                .containsEntry("awslogs-stream-prefix", user);
        assertThat(container.portMappings()).singleElement().satisfies(p -> assertThat(p.containerPort()).isEqualTo(8080));
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("no task registered yet"))
                .last().asString().endsWith("ready");
    }

    @Test
    void ensurePod_whenThePodRunsAlready_answersFromItsAddressWithoutANewTaskDefinition() {
        taskStartsIn(0);
        pods.ensurePod(user);
        int revisions = ecs.listTaskDefinitions(b -> b.familyPrefix("wfp-pod-" + user)).taskDefinitionArns().size();

        PodEndpoint again = pods.ensurePod(user);

        assertThat(again.baseUrl().getPort()).isEqualTo(pod.port());
        assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix("wfp-pod-" + user)).taskDefinitionArns()).hasSize(revisions);
    }

    @Test
    void stop_afterEnsure_scalesTheServiceToZeroAndEnsureScalesItBackToOne() {
        taskStartsIn(0);
        pods.ensurePod(user);

        pods.stop(user);
        assertThat(pods.service(user).orElseThrow().desiredCount()).isZero();
        addresses.stopped(user, "arn:aws:ecs:us-east-1:000000000000:task/" + cluster + "/1");
        PodHealth stopped = pods.health(user);
        assertThat(stopped.healthy()).isFalse();

        taskStartsIn(300);
        pods.ensurePod(user);
        assertThat(pods.service(user).orElseThrow().desiredCount()).isEqualTo(1);
        assertThat(pods.health(user).healthy()).isTrue();
    }

    @Test
    void ensurePod_whenNoTaskEverRuns_failsAtTheDeadlineSayingWhatItSaw() {
        EcsPodManager impatient = manager(Duration.ofMillis(800));

        assertThatThrownBy(() -> impatient.ensurePod(user))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("pod.start-timeout");
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("no task registered yet");
                    assertThat(e.hint()).contains("/wfp/pods");
                });
    }

    @Test
    void stop_forAUserWithoutAService_doesNothing() {
        pods.stop("nobody-" + suffix);

        assertThat(pods.service("nobody-" + suffix)).isEmpty();
    }

    @Test
    void setPlan_withRestart_startsATaskSizedByTheNewPlanAndTheFleetShowsWhichPlanRuns() {
        DynamoDbPodPlans plans = new DynamoDbPodPlans(dynamo, table);
        EcsPodManager planned = manager(Duration.ofSeconds(20), plans::planOrDefaults);
        EcsPodFleet fleet = new EcsPodFleet(planned, plans);
        taskStartsIn(0);
        planned.ensurePod(user);
        assertThat(fleet.pods()).singleElement().satisfies(summary -> {
            assertThat(summary.user()).isEqualTo(user);
            assertThat(summary.state()).isEqualTo("ready");
            assertThat(summary.plan()).isEqualTo(PodPlan.defaults());
            assertThat(summary.planPending()).isFalse();
        });

        PodPlan bigger = new PodPlan(4096, 1, 32, 10);
        assertThat(fleet.setPlan(user, bigger, false).planPending()).isTrue();
        assertThat(fleet.plan(user)).isEqualTo(bigger);
        fleet.setPlan(user, bigger, true);

        Service service = planned.service(user).orElseThrow();
        TaskDefinition task = ecs.describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition())).taskDefinition();
        assertThat(task.cpu()).isEqualTo("1024");
        assertThat(task.memory()).isEqualTo("6144");
        assertThat(task.containerDefinitions().getFirst().environment())
                .anySatisfy(variable -> assertThat(variable.name() + "=" + variable.value())
                        .isEqualTo("WFP_POD_MAX_CONCURRENCY=32"));
        assertThat(fleet.pods().getFirst().planPending()).isFalse();
    }

    /**
     * The pod manager contract on ECS, with a stand-in agent doing what ECS and the registrar do
     * for the pod service: while it wants a task, a pod server runs with the token its task
     * definition takes from Secrets Manager and is registered; scaled to zero, it stops and is forgotten.
     */
    @Nested
    class Contract extends PodManagerContract {

        private PodServer task;

        @BeforeEach
        void startAgent() {
            pod.stop();
            registrar.scheduleWithFixedDelay(this::actAsEcs, 0, 100, TimeUnit.MILLISECONDS);
        }

        @AfterEach
        void stopTask() {
            registrar.shutdownNow();
            if (task != null) {
                task.stop();
            }
        }

        private synchronized void actAsEcs() {
            Optional<Service> service = pods.service(user);
            if (service.isEmpty()) {
                return;
            }
            String arn = "arn:aws:ecs:us-east-1:000000000000:task/" + cluster + "/contract";
            if (service.get().desiredCount() >= 1 && task == null) {
                try {
                    ContainerDefinition container = ecs.describeTaskDefinition(b -> b.taskDefinition(
                            service.get().taskDefinition())).taskDefinition().containerDefinitions().getFirst();
                    String token = secrets.getSecretValue(b -> b.secretId(container.secrets().getFirst().valueFrom()))
                            .secretString();
                    task = new PodServer(PodSettings.defaults(token), new WorkflowEngine(EngineSettings.defaults(),
                            name -> Optional.empty()), new LineSink() {
                        @Override
                        public void write(String line) {
                        }

                        @Override
                        public void flush() {
                        }
                    }).start();
                    addresses.running(user, arn, URI.create("http://127.0.0.1:" + task.port()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            } else if (service.get().desiredCount() == 0 && task != null) {
                addresses.stopped(user, arn);
                task.stop();
                task = null;
            }
        }

        @Override
        protected PodManager pods() {
            return pods;
        }

        @Override
        protected String user() {
            return user;
        }
    }
}
