package com.wfp.local.gateway;

import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.access.CreatedApiKey;
import com.wfp.platform.access.KeyPermission;
import com.wfp.platform.access.KeyScope;
import com.wfp.platform.access.NewApiKey;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ExecutionRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller of a production execution as telemetry records it: the authorizer's principal travels
 * with the call to the pod, which writes it in its execution line; a caller cannot name another.
 */
class ExecutionCallerTest {

    private static final WorkflowRef OPEN = new WorkflowRef("ada", "shop", "open");

    @TempDir
    Path dataDir;

    private DataPathFixture platform;

    @BeforeEach
    void start() throws Exception {
        platform = new DataPathFixture(dataDir, true);
        platform.publish("v1", DataPathFixture.echo("guarded").replace("\"auth\": \"none\"", "\"auth\": \"apiKey\""));
        platform.publish(OPEN, "v1", DataPathFixture.echo("open").replace("\"id\": \"greeter\"", "\"id\": \"open\""));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    private HttpResponse<String> call(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.url(path))
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return platform.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private ExecutionRecord recorded(HttpResponse<String> answer) throws InterruptedException {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return platform.telemetryExecution(answer.headers().firstValue("X-Execution-Id").orElseThrow());
    }

    @Test
    void call_withAKey_isRecordedWithTheKeysIdFromThePodsLineNotTheCallerHeaderItSent() throws Exception {
        CreatedApiKey key = platform.access.keys().create(new NewApiKey("gateway", ApiKeyFormat.Environment.TEST,
                new KeyScope("ada", "shop", null, null, Set.of(KeyPermission.INVOKE)), null, 0), "ada");

        HttpResponse<String> answer = call("/w/ada/shop/greeter", "X-Api-Key", key.secret(),
                "X-Wfp-Caller", "key_forgedforgedforg");

        assertThat(recorded(answer).callerKeyId()).isEqualTo(key.key().id());
        assertThat(answer.body()).doesNotContain(key.secret()).doesNotContain("key_forgedforgedforg");
    }

    @Test
    void call_toAnOpenWorkflow_isRecordedAsAnonymousWhateverCallerItClaims() throws Exception {
        HttpResponse<String> answer = call("/w/ada/shop/open", "X-Wfp-Caller", "key_forgedforgedforg");

        assertThat(recorded(answer).callerKeyId()).isEqualTo("anonymous");
    }
}
