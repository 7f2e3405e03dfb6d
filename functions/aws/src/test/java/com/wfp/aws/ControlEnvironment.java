package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.workflow.secrets.SecretStoreKey;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * The environment the CDK stack gives the control API and authorizer functions, pointed at a
 * table on moto_server, for ITs that call no pod: the pod settings name nothing real.
 */
final class ControlEnvironment {

    static {
        // The SDK clients the functions build read region and credentials from here inside the test JVM.
        System.setProperty("aws.region", MotoServer.REGION.id());
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    private ControlEnvironment() {
    }

    static Map<String, String> of(String table, String adminToken) {
        Map<String, String> environment = new HashMap<>();
        environment.put(AwsClients.ENDPOINT_URL, MotoServer.shared().endpoint().toString());
        environment.put("AWS_REGION", MotoServer.REGION.id());
        environment.put(AwsPlatform.TABLE, table);
        environment.put(AwsPlatform.EVENT_BUS, "wfp-it-bus");
        environment.put(AwsPlatform.PUBLIC_BASE_URL, "https://api.example.com");
        environment.put(AwsPlatform.DEPLOY_WORKER_FUNCTION, "wfp-deploy-worker");
        environment.put(AwsPlatform.POD_TOKEN_SECRET, "control-it-secret-0123456789abcdef0123456789");
        environment.put(AwsPlatform.ECS_CLUSTER, "wfp-it");
        environment.put(AwsPlatform.POD_IMAGE, "000000000000.dkr.ecr.us-east-1.amazonaws.com/wfp-pod:1");
        environment.put(AwsPlatform.POD_SUBNETS, "subnet-0");
        environment.put(AwsPlatform.POD_SECURITY_GROUP, "sg-0");
        environment.put(AwsPlatform.POD_EXECUTION_ROLE_ARN, "arn:aws:iam::000000000000:role/wfp-pod-execution");
        environment.put(AwsPlatform.POD_LOG_GROUP, "/wfp/pods");
        environment.put(AwsPlatform.ROUTING_MAX_AGE_MS, "100");
        environment.put(AwsPlatform.SECRETS_KEY, SecretStoreKey.generate());
        environment.put(AwsPlatform.ADMIN_TOKEN_SHA256, HexFormat.of().formatHex(ControlDispatch.sha256(adminToken)));
        return environment;
    }

    /** A control call as API Gateway hands it to a control function. */
    static APIGatewayProxyRequestEvent call(String method, String path, String bearer, String body,
                                            Map<String, String> query) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod(method).withPath(path)
                .withHeaders(new HashMap<>(Map.of("Host", "api.example.com")))
                .withBody(body).withQueryStringParameters(query)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("req-" + UUID.randomUUID())
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("203.0.113.9")));
        if (body != null) {
            event.getHeaders().put("Content-Type", "application/json");
        }
        if (bearer != null) {
            event.getHeaders().put("Authorization", "Bearer " + bearer);
        }
        return event;
    }
}
