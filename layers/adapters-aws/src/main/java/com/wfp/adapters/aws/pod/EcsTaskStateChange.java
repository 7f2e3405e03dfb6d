package com.wfp.adapters.aws.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.release.InputRules;

import java.net.URI;
import java.util.Set;

/**
 * What an ECS {@code Task State Change} event (as EventBridge delivers it) says about a pod task:
 * it runs at an address, it stopped, or it is nothing the registrar acts on. Only events from
 * {@code aws.ecs} about tasks of a pod service ({@code group} {@code service:wfp-pod-<user>}) count.
 */
public sealed interface EcsTaskStateChange {

    /** A pod task that runs and listens at {@code address}. */
    record Running(String user, String taskArn, URI address) implements EcsTaskStateChange {
    }

    /** A pod task that is stopping or stopped. */
    record Stopped(String user, String taskArn) implements EcsTaskStateChange {
    }

    /** An event the registrar leaves alone, and why. */
    record Ignored(String why) implements EcsTaskStateChange {
    }

    Set<String> GONE = Set.of("DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED", "DELETED");

    static EcsTaskStateChange of(JsonNode event) {
        if (!"aws.ecs".equals(event.path("source").asText()) || !"ECS Task State Change".equals(
                event.path("detail-type").asText())) {
            return new Ignored("not an ECS task state change");
        }
        JsonNode detail = event.path("detail");
        String group = detail.path("group").asText("");
        String user = EcsPodSettings.userOfService(group.startsWith("service:") ? group.substring("service:".length()) : "");
        if (user == null) {
            return new Ignored("task of group '" + group + "', not of a pod service");
        }
        try {
            InputRules.userId("user", user);
        } catch (RuntimeException notAUser) {
            return new Ignored("service of '" + user + "', which is no user id");
        }
        String taskArn = detail.path("taskArn").asText("");
        if (taskArn.isEmpty()) {
            return new Ignored("event without a taskArn");
        }
        String last = detail.path("lastStatus").asText("");
        String desired = detail.path("desiredStatus").asText("");
        if (GONE.contains(last) || "STOPPED".equals(desired)) {
            return new Stopped(user, taskArn);
        }
        if (!"RUNNING".equals(last)) {
            return new Ignored("task is " + last);
        }
        String ip = privateIp(detail);
        if (ip == null || !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return new Ignored("running task without a private IPv4 address");
        }
        return new Running(user, taskArn, URI.create("http://" + ip + ":" + port(detail)));
    }

    private static String privateIp(JsonNode detail) {
        for (JsonNode attachment : detail.path("attachments")) {
            for (JsonNode entry : attachment.path("details")) {
                if ("privateIPv4Address".equals(entry.path("name").asText())) {
                    return entry.path("value").asText();
                }
            }
        }
        for (JsonNode container : detail.path("containers")) {
            for (JsonNode networkInterface : container.path("networkInterfaces")) {
                if (networkInterface.hasNonNull("privateIpv4Address")) {
                    return networkInterface.path("privateIpv4Address").asText();
                }
            }
        }
        return null;
    }

    /** The pod container's port: a host port ECS reports for it, else the image's {@value EcsPodSettings#POD_PORT}. */
    private static int port(JsonNode detail) {
        for (JsonNode container : detail.path("containers")) {
            if (!EcsPodSettings.CONTAINER.equals(container.path("name").asText())) {
                continue;
            }
            for (JsonNode binding : container.path("networkBindings")) {
                int port = binding.path("hostPort").asInt(0);
                if (port > 0 && port < 65536) {
                    return port;
                }
            }
        }
        return EcsPodSettings.POD_PORT;
    }
}
