package com.wfp.adapters.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import com.wfp.platform.port.IdentityTokenVerifier;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OIDC tokens against a key set served by a tiny local JWKS server, as an issuer publishes it. */
class JwksIdentityTokenVerifierTest {

    private static final String ISSUER = "https://issuer.example";
    private static final String AUDIENCE = "wfp-control";

    private static RSAKey issuerKey;
    private static RSAKey strangerKey;
    private static HttpServer jwks;
    private static JwksIdentityTokenVerifier verifier;

    @BeforeAll
    static void issuer() throws Exception {
        issuerKey = new RSAKeyGenerator(2048).keyID("issuer-1").generate();
        strangerKey = new RSAKeyGenerator(2048).keyID("issuer-1").generate();
        byte[] keySet = new JWKSet(issuerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keySet.length);
            exchange.getResponseBody().write(keySet);
            exchange.close();
        });
        jwks.start();
        verifier = new JwksIdentityTokenVerifier(new JwksIdentityTokenVerifier.Settings(ISSUER, AUDIENCE,
                URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json"), "preferred_username"));
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of(AUDIENCE)).subject("00u1")
                .claim("preferred_username", "ada").jwtID("jti-1")
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String refusal(String token) {
        try {
            verifier.verify(token);
        } catch (DomainException e) {
            assertThat(e.httpStatus()).isEqualTo(401);
            return e.code();
        }
        return "accepted";
    }

    @Test
    void verify_aTokenOfTheIssuerForThisAudience_namesItsPerson() throws Exception {
        IdentityTokenVerifier.VerifiedToken verified = verifier.verify(signed(issuerKey, claims().build()));

        assertThat(verified.person()).isEqualTo("ada");
        assertThat(verified.tokenId()).isEqualTo("jti-1");
        assertThat(IdentityTokenVerifier.looksLikeJwt(signed(issuerKey, claims().build()))).isTrue();
    }

    @Test
    void verify_refusesAnotherIssuerAudienceAnExpiredTokenAndAnotherKey() throws Exception {
        assertThat(refusal(signed(issuerKey, claims().issuer("https://evil.example").build()))).isEqualTo("auth.token-invalid");
        assertThat(refusal(signed(issuerKey, claims().audience("someone-else").build()))).isEqualTo("auth.token-invalid");
        assertThat(refusal(signed(issuerKey, claims().expirationTime(Date.from(Instant.now().minusSeconds(300))).build())))
                .isEqualTo("auth.token-invalid");
        assertThat(refusal(signed(strangerKey, claims().build()))).as("same key id, another key").isEqualTo("auth.token-invalid");
        assertThat(refusal(signed(issuerKey, claims().claim("preferred_username", "Not A Slug").build())))
                .isEqualTo("auth.token-invalid");
    }

    @Test
    void verify_refusesUnsignedAndSharedSecretTokens() throws Exception {
        assertThat(refusal(new PlainJWT(claims().build()).serialize())).isEqualTo("auth.token-invalid");
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        hmac.sign(new MACSigner("a-shared-secret-of-at-least-256-bits-length!!".getBytes(StandardCharsets.UTF_8)));
        assertThat(refusal(hmac.serialize())).isEqualTo("auth.token-invalid");
        String token = signed(issuerKey, claims().build());
        String tampered = token.substring(0, token.indexOf('.') + 1)
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims().claim("preferred_username", "eve")
                .build().toString().getBytes(StandardCharsets.UTF_8)) + token.substring(token.lastIndexOf('.'));
        assertThat(refusal(tampered)).isEqualTo("auth.token-invalid");
        assertThatThrownBy(() -> verifier.verify("not-a-jwt")).isInstanceOf(DomainException.class);
    }
}
