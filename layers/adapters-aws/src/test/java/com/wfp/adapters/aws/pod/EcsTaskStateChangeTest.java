package com.wfp.adapters.aws.pod;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class EcsTaskStateChangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode event(String group, String lastStatus, String desiredStatus, String ip) {
        ObjectNode event = JSON.createObjectNode();
        event.put("source", "aws.ecs").put("detail-type", "ECS Task State Change");
        ObjectNode detail = event.putObject("detail");
        detail.put("group", group).put("taskArn", "arn:aws:ecs:us-east-1:1:task/wfp/abc")
                .put("lastStatus", lastStatus).put("desiredStatus", desiredStatus);
        ObjectNode attachment = detail.putArray("attachments").addObject();
        attachment.put("type", "eni");
        attachment.putArray("details").addObject().put("name", "privateIPv4Address").put("value", ip);
        return event;
    }

    @Test
    void of_aRunningPodTask_givesItsUserAndPrivateAddressOnThePodPort() {
        EcsTaskStateChange change = EcsTaskStateChange.of(event("service:wfp-pod-ada", "RUNNING", "RUNNING", "10.0.1.23"));

        assertThat(change).isEqualTo(new EcsTaskStateChange.Running("ada", "arn:aws:ecs:us-east-1:1:task/wfp/abc",
                URI.create("http://10.0.1.23:8080")));
    }

    @Test
    void of_aTaskBeingStopped_isStoppedEvenBeforeItsLastStatusSaysSo() {
        assertThat(EcsTaskStateChange.of(event("service:wfp-pod-ada", "RUNNING", "STOPPED", "10.0.1.23")))
                .isEqualTo(new EcsTaskStateChange.Stopped("ada", "arn:aws:ecs:us-east-1:1:task/wfp/abc"));
    }

    @Test
    void of_aTaskOfAnotherService_isIgnored() {
        assertThat(EcsTaskStateChange.of(event("service:billing", "RUNNING", "RUNNING", "10.0.1.23")))
                .isInstanceOf(EcsTaskStateChange.Ignored.class);
    }

    @Test
    void of_anAddressThatIsNoIpLiteral_isIgnoredSoNoHostileUrlIsRecorded() {
        assertThat(EcsTaskStateChange.of(event("service:wfp-pod-ada", "RUNNING", "RUNNING", "evil.example/x?")))
                .isInstanceOf(EcsTaskStateChange.Ignored.class);
    }

    @Test
    void of_anEventFromAnotherSource_isIgnored() {
        ObjectNode forged = event("service:wfp-pod-ada", "RUNNING", "RUNNING", "10.0.1.23");
        forged.put("source", "my.app");

        assertThat(EcsTaskStateChange.of(forged)).isInstanceOf(EcsTaskStateChange.Ignored.class);
    }

    @Test
    void of_aPendingTask_isIgnoredUntilItRuns() {
        assertThat(EcsTaskStateChange.of(event("service:wfp-pod-ada", "PENDING", "RUNNING", "10.0.1.23")))
                .isInstanceOf(EcsTaskStateChange.Ignored.class);
    }
}
