package com.wfp.adapters.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.wfp.platform.port.IdentityTokenVerifier;
import com.wfp.workflow.error.DomainException;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The {@link IdentityTokenVerifier} on nimbus-jose-jwt: a JWT's signature is checked against the
 * issuer's JSON Web Key Set (fetched from its URL, cached and refreshed when an unknown key id
 * appears), with RS256, ES256 and PS256 allowed (never {@code none} or a shared-secret HMAC); its
 * {@code iss} must equal the configured issuer, its {@code aud} include the audience, and its
 * {@code exp} lie ahead (with a minute's leeway for clocks).
 */
public final class JwksIdentityTokenVerifier implements IdentityTokenVerifier {

    /** The environment variables that name the trusted issuer, the same on the local platform and on Lambda. */
    public static final String ISSUER_ENV = "WFP_OIDC_ISSUER";
    public static final String AUDIENCE_ENV = "WFP_OIDC_AUDIENCE";
    public static final String JWKS_URL_ENV = "WFP_OIDC_JWKS_URL";
    public static final String PERSON_CLAIM_ENV = "WFP_OIDC_PERSON_CLAIM";

    /**
     * The verifier the environment configures, or null when it names no issuer. Its key set is
     * fetched on first use and then kept by the library's cache (refreshed every few minutes, and
     * at once, rate limited, when a token names a key id it does not hold), so a host builds it once.
     *
     * @param environment a variable's value by name, or null
     * @throws IllegalArgumentException when an issuer is named without its audience or key set
     */
    public static IdentityTokenVerifier fromEnvironment(UnaryOperator<String> environment) {
        String issuer = environment.apply(ISSUER_ENV);
        if (issuer == null || issuer.isBlank()) {
            return null;
        }
        String audience = environment.apply(AUDIENCE_ENV);
        String jwks = environment.apply(JWKS_URL_ENV);
        if (audience == null || audience.isBlank() || jwks == null || jwks.isBlank()) {
            throw new IllegalArgumentException(ISSUER_ENV + " is set, so " + AUDIENCE_ENV + " (the platform's"
                    + " client id) and " + JWKS_URL_ENV + " (the issuer's key set URL) must be too");
        }
        URI jwksUrl;
        try {
            jwksUrl = URI.create(jwks.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(JWKS_URL_ENV + " '" + jwks + "' is not a URL", e);
        }
        return new JwksIdentityTokenVerifier(new Settings(issuer.strip(), audience.strip(), jwksUrl,
                environment.apply(PERSON_CLAIM_ENV)));
    }

    /**
     * Which issuer to trust and how a token names its person.
     *
     * @param issuer      the exact {@code iss}
     * @param audience    the {@code aud} the token must carry (this platform's client id)
     * @param jwksUrl     where the issuer publishes its keys
     * @param personClaim the claim holding the person's id (a slug), such as {@code sub} or {@code preferred_username}
     */
    public record Settings(String issuer, String audience, URI jwksUrl, String personClaim) {

        public Settings {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(jwksUrl, "jwksUrl");
            personClaim = personClaim == null || personClaim.isBlank() ? "sub" : personClaim;
        }
    }

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final String personClaim;

    public JwksIdentityTokenVerifier(Settings settings) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(settings.jwksUrl().toURL()).retrying(true).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The OIDC JWKS URL " + settings.jwksUrl() + " is not a URL", e);
        }
        this.personClaim = settings.personClaim();
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.PS256), keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(settings.audience(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("exp", personClaim)));
    }

    @Override
    public VerifiedToken verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new DomainException("auth.token-invalid", 401, "The OIDC token was refused: " + e.getMessage(),
                    "Sign in with the configured issuer again for a fresh token meant for this platform.", e);
        }
        String person;
        try {
            person = claims.getStringClaim(personClaim);
        } catch (ParseException e) {
            person = null;
        }
        if (person == null || !person.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new DomainException("auth.token-invalid", 401, "The OIDC token's '" + personClaim
                    + "' claim is not a person id this platform can use (a slug of lower-case letters, digits and dashes)",
                    "Configure WFP_OIDC_PERSON_CLAIM to a claim holding such an id.");
        }
        return new VerifiedToken(person, claims.getJWTID(), claims.getExpirationTime().toInstant());
    }
}
