package com.wfp.adapters.aws.pod;

import com.wfp.workflow.error.DomainException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how {@link EcsPodManager} runs the users' pods on ECS Fargate, as the CDK stack sets it up.
 *
 * @param cluster            the ECS cluster the pod services live in
 * @param image              the pod image (built from {@code functions/pod/Dockerfile})
 * @param subnets            the private subnets the tasks get their address in
 * @param securityGroup      the pods' security group, which admits only the route and publish functions
 * @param executionRoleArn   the role ECS pulls the image, reads the token secret and writes logs with
 * @param taskRoleArn        the role the pod itself runs with, or null for none
 * @param logGroup           the CloudWatch Logs group the awslogs driver writes to
 * @param region             the region of that log group
 * @param tokenSecretPrefix  the name prefix of each pod's token secret in Secrets Manager ({@code prefix + user})
 * @param readyTimeout       how long {@link EcsPodManager#ensurePod} waits for a healthy task
 * @param pollInterval       how often it looks while waiting
 */
public record EcsPodSettings(String cluster, String image, List<String> subnets, String securityGroup,
                             String executionRoleArn, String taskRoleArn, String logGroup, String region,
                             String tokenSecretPrefix, Duration readyTimeout, Duration pollInterval) {

    /** Every pod service and task definition family is named this prefix plus the user id. */
    public static final String SERVICE_PREFIX = "wfp-pod-";
    /** The port the pod listens on inside its task (the image's {@code WFP_POD_PORT}). */
    public static final int POD_PORT = 8080;
    /** The container's name in the task definition. */
    public static final String CONTAINER = "pod";

    public EcsPodSettings {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(image, "image");
        subnets = List.copyOf(subnets);
        if (subnets.isEmpty()) {
            throw new DomainException("config.missing", 500, "The pods have no subnet to run in",
                    "Set WFP_POD_SUBNETS to the VPC's private subnet ids, comma separated.");
        }
        Objects.requireNonNull(securityGroup, "securityGroup");
        Objects.requireNonNull(executionRoleArn, "executionRoleArn");
        Objects.requireNonNull(logGroup, "logGroup");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(tokenSecretPrefix, "tokenSecretPrefix");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /** The name of the user's ECS service and task definition family. */
    public String serviceName(String user) {
        return SERVICE_PREFIX + user;
    }

    /** The user whose service this is, or null when the name is not a pod service's. */
    public static String userOfService(String serviceName) {
        return serviceName != null && serviceName.startsWith(SERVICE_PREFIX)
                ? serviceName.substring(SERVICE_PREFIX.length()) : null;
    }

    /**
     * The user whose pod task wrote to a log stream of the pods' log group, or null when the
     * stream is not a pod task's. The awslogs driver names each stream
     * {@code <stream prefix>/<container>/<task id>}, and the pod manager sets the prefix to the
     * user: the name comes from the task definition, never from what the pod writes.
     */
    public static String userOfLogStream(String logStream) {
        if (logStream == null) {
            return null;
        }
        String[] parts = logStream.split("/", -1);
        return parts.length == 3 && !parts[0].isBlank() && parts[1].equals(CONTAINER) && !parts[2].isBlank()
                ? parts[0] : null;
    }
}
