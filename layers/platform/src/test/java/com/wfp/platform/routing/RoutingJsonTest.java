package com.wfp.platform.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void routingConfig_writesIdsAndRulesAsPlainStringsAndReadsBack() throws Exception {
        RoutingConfig routing = new RoutingConfig(new WorkflowRef("alice", "shop", "orders"), 4,
                List.of(new RouteWeight(new ReleaseId("rel-a"), 90), new RouteWeight(new ReleaseId("rel-b"), 10)),
                Stickiness.header("X-Customer"), new Shadow(new ReleaseId("rel-c"), 5));

        String json = mapper.writeValueAsString(routing);

        assertThat(mapper.readTree(json).path("weights").get(0).path("releaseId").asText()).isEqualTo("rel-a");
        assertThat(mapper.readTree(json).path("stickiness").asText()).isEqualTo("header:x-customer");
        assertThat(mapper.readValue(json, RoutingConfig.class)).isEqualTo(routing);
    }

    @Test
    void routingConfig_writesItsLayoutAsSegmentsAndReadsOneWithoutALayoutWithTheDefault() throws Exception {
        ReleaseId a = new ReleaseId("rel-a");
        ReleaseId b = new ReleaseId("rel-b");
        RoutingConfig routing = new RoutingConfig(new WorkflowRef("alice", "shop", "orders"), 4,
                List.of(new RouteWeight(a, 100)), Stickiness.CALLER_KEY, null)
                .withWeights(List.of(new RouteWeight(b, 10), new RouteWeight(a, 90)));

        String json = mapper.writeValueAsString(routing);

        assertThat(mapper.readTree(json).path("layout").toString())
                .isEqualTo("[{\"releaseId\":\"rel-a\",\"start\":0,\"end\":90},{\"releaseId\":\"rel-b\",\"start\":90,\"end\":100}]");
        assertThat(mapper.readValue(json, RoutingConfig.class)).isEqualTo(routing);
        assertThat(mapper.readValue(json.replaceAll(",\"layout\":\\[.*\\]", ""), RoutingConfig.class).layout())
                .containsExactly(new LayoutSegment(b, 0, 10), new LayoutSegment(a, 10, 100));
    }

    @Test
    void publishStrategy_isWrittenAsItsTextForm() throws Exception {
        assertThat(mapper.writeValueAsString(PublishStrategy.canary(20))).isEqualTo("\"canary:20\"");
        assertThat(mapper.readValue("\"staged\"", PublishStrategy.class)).isEqualTo(PublishStrategy.STAGED);
    }
}
