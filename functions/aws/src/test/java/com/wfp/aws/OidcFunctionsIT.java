package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import com.wfp.adapters.oidc.JwksIdentityTokenVerifier;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JWTs of a configured OIDC issuer through the functions as API Gateway invokes them: the control
 * API function takes them as a person's credential, the authorizer function as the caller of a
 * workflow whose trigger says {@code "auth": "token"}. The issuer's key set is served by a JWKS
 * server in this test; the table is on moto_server and deleted afterwards.
 */
class OidcFunctionsIT {

    private static final String ISSUER = "https://login.example.com";
    private static final String AUDIENCE = "wfp-platform";
    private static final String ADMIN_TOKEN = "oidc-it-admin-token";
    private static final WorkflowRef MEMBERS_ONLY = new WorkflowRef("ada", "shop", "members-only");

    private static final AtomicInteger keySetFetches = new AtomicInteger();
    private static RSAKey issuerKey;
    private static RSAKey strangerKey;
    private static HttpServer jwks;
    private static DynamoDbClient dynamo;
    private static String table;
    private static ControlApiFunction controlApi;
    private static AuthorizerFunction authorizer;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("aws.region", MotoServer.REGION.id());
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        issuerKey = new RSAKeyGenerator(2048).keyID("login-1").generate();
        // The same key id as the issuer's: only the signature tells them apart.
        strangerKey = new RSAKeyGenerator(2048).keyID("login-1").generate();
        byte[] keySet = new JWKSet(issuerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            keySetFetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keySet.length);
            exchange.getResponseBody().write(keySet);
            exchange.close();
        });
        jwks.start();

        dynamo = MotoServer.shared().configure(DynamoDbClient.builder()).build();
        table = "wfp-oidc-" + UUID.randomUUID();
        DynamoDbReleaseStore.createTable(dynamo, table);
        DynamoDbReleaseStore store = new DynamoDbReleaseStore(dynamo, table);
        String definition = "{\"format\":1,\"id\":\"members-only\",\"nodes\":[{\"id\":\"in\",\"type\":\"trigger.http\","
                + "\"config\":{\"method\":\"POST\",\"auth\":\"token\"}}]}";
        Release release = store.createRelease(NewRelease.of(MEMBERS_ONLY, "v1", "", definition, "{}", "ada",
                Instant.parse("2026-12-01T10:00:00Z")));
        store.compareAndSetRouting(MEMBERS_ONLY, 0, RoutingConfig.empty(MEMBERS_ONLY).withWeights(List.of(
                new RouteWeight(release.id(), 100))), "ada", "first publish");

        controlApi = new ControlApiFunction(new AwsPlatform(environment()));
        authorizer = new AuthorizerFunction(new AwsPlatform(environment()));
    }

    @AfterAll
    static void stop() {
        if (jwks != null) {
            jwks.stop(0);
        }
        if (dynamo != null) {
            dynamo.deleteTable(b -> b.tableName(table));
            dynamo.close();
        }
    }

    /** The control API's and the authorizer's environment as the CDK stack sets it with an OIDC issuer. */
    private static Map<String, String> environment() {
        Map<String, String> environment = ControlEnvironment.of(table, ADMIN_TOKEN);
        environment.put(JwksIdentityTokenVerifier.ISSUER_ENV, ISSUER);
        environment.put(JwksIdentityTokenVerifier.AUDIENCE_ENV, AUDIENCE);
        environment.put(JwksIdentityTokenVerifier.JWKS_URL_ENV,
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json");
        environment.put(JwksIdentityTokenVerifier.PERSON_CLAIM_ENV, "preferred_username");
        return environment;
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of(AUDIENCE)).subject("00u42")
                .claim("preferred_username", "ada").jwtID("jti-" + UUID.randomUUID())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The tokens an attacker or a confused client would send, each of which must be refused. */
    private static Map<String, String> refusedTokens() throws Exception {
        return Map.of(
                "another audience", signed(issuerKey, claims().audience("someone-else").build()),
                "expired", signed(issuerKey, claims().expirationTime(Date.from(Instant.now().minusSeconds(600))).build()),
                "signed by another key", signed(strangerKey, claims().build()),
                "alg none", new PlainJWT(claims().build()).serialize(),
                "another issuer", signed(issuerKey, claims().issuer("https://evil.example").build()));
    }

    private static APIGatewayProxyResponseEvent whoami(String bearer) {
        return controlApi.handleRequest(ControlEnvironment.call("GET", "/api/v1/whoami", bearer, null, null), null);
    }

    private static IamPolicyResponse callMembersOnly(String bearer) throws Exception {
        ObjectNode tree = (ObjectNode) Events.tree("authorizer-greeting.json");
        tree.put("path", "/w/ada/shop/members-only");
        tree.put("methodArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/POST/w/ada/shop/members-only");
        ((ObjectNode) tree.path("pathParameters")).put("proxy", "ada/shop/members-only");
        if (bearer != null) {
            ((ObjectNode) tree.path("headers")).put("Authorization", "Bearer " + bearer);
        }
        return authorizer.handleRequest(Events.JSON.treeToValue(tree, APIGatewayCustomAuthorizerEvent.class), null);
    }

    @Test
    void controlApiFunction_whenAJwtOfTheIssuerIsPresented_knowsThePersonAndRefusesEveryBadToken() throws Exception {
        APIGatewayProxyResponseEvent valid = whoami(signed(issuerKey, claims().build()));

        assertThat(valid.getStatusCode()).as(valid.getBody()).isEqualTo(200);
        assertThat(Events.body(valid).toString()).contains("\"ada\"");
        for (Map.Entry<String, String> bad : refusedTokens().entrySet()) {
            APIGatewayProxyResponseEvent refused = whoami(bad.getValue());
            assertThat(refused.getStatusCode()).as(bad.getKey() + ": " + refused.getBody()).isEqualTo(401);
            assertThat(Events.body(refused).path("error").path("code").asText()).as(bad.getKey())
                    .isEqualTo("auth.token-invalid");
            assertThat(refused.getBody()).as("the token is never echoed").doesNotContain(bad.getValue());
        }
    }

    @Test
    void authorizerFunction_whenATokenTriggerIsCalled_letsInTheIssuersPeopleOnly() throws Exception {
        IamPolicyResponse allowed = callMembersOnly(signed(issuerKey, claims().build()));

        assertThat(allowed.getPrincipalId()).isEqualTo("ada");
        assertThat(Events.JSON.writeValueAsString(allowed.getPolicyDocument())).contains("\"Allow\"");
        for (Map.Entry<String, String> bad : refusedTokens().entrySet()) {
            // API Gateway's convention: this exact message answers 401 with the challenge.
            assertThatThrownBy(() -> callMembersOnly(bad.getValue())).as(bad.getKey()).hasMessage("Unauthorized");
        }
        assertThatThrownBy(() -> callMembersOnly(null)).as("no token").hasMessage("Unauthorized");
    }

    @Test
    void functions_whenVerifyingManyTokens_fetchTheIssuersKeySetOncePerContainer() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(whoami(signed(issuerKey, claims().build())).getStatusCode()).isEqualTo(200);
            assertThat(callMembersOnly(signed(issuerKey, claims().build())).getPrincipalId()).isEqualTo("ada");
        }

        // Two containers (the control API's and the authorizer's): one fetch each, kept by the library's cache.
        assertThat(keySetFetches.get()).isEqualTo(2);
    }
}
