package com.wfp.platform.identity;

import com.wfp.platform.port.IdentityStore;
import com.wfp.platform.port.IdentityTokenVerifier;
import com.wfp.workflow.error.DomainException;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Who a control call comes from and whether they may do what the route asks. The admin token
 * (the bootstrap credential) may do everything; a person holds the {@link Role#OWNER} role on
 * every project under their own id and the role a membership gives them elsewhere; nobody else
 * holds anything. Refusals never say whether the project exists.
 */
public final class AccessControl {

    private final IdentityStore store;
    private final Predicate<String> adminToken;
    private final IdentityTokenVerifier oidc;
    private final Clock clock;

    /**
     * @param store      people, tokens, projects and memberships
     * @param adminToken whether a bearer value is the platform's admin token (compared in constant time)
     * @param oidc       verifies JWTs of the configured OIDC issuer, or null when none is configured
     * @param clock      the time tokens expire against
     */
    public AccessControl(IdentityStore store, Predicate<String> adminToken, IdentityTokenVerifier oidc, Clock clock) {
        this.store = store;
        this.adminToken = adminToken;
        this.oidc = oidc;
        this.clock = clock;
    }

    /**
     * The principal an {@code Authorization} header presents; {@link Principal#anonymous()} when
     * there is none.
     *
     * @throws DomainException 401 {@code auth.*} for a credential that does not authenticate
     */
    public Principal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Principal.anonymous();
        }
        String header = authorization.strip();
        if (header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw unauthorized("auth.scheme-unsupported", "The control API reads bearer credentials only");
        }
        String credential = header.substring(7).strip();
        if (adminToken.test(credential)) {
            return Principal.admin();
        }
        if (credential.startsWith(AccessTokenFormat.PREFIX)) {
            return personalToken(credential);
        }
        if (IdentityTokenVerifier.looksLikeJwt(credential)) {
            if (oidc == null) {
                throw unauthorized("auth.oidc-not-configured",
                        "This platform trusts no OIDC issuer, so it cannot accept a JWT");
            }
            IdentityTokenVerifier.VerifiedToken verified = oidc.verify(credential);
            Person person = store.person(verified.person()).orElseGet(() -> enrol(verified.person()));
            return Principal.person(person.id(), verified.tokenId() == null ? "jwt" : "jwt:" + verified.tokenId());
        }
        throw unauthorized("auth.credential-unknown", "The credential presented is not one this platform issued");
    }

    private Principal personalToken(String credential) {
        if (!AccessTokenFormat.wellFormed(credential)) {
            throw unauthorized("auth.token-malformed", "The personal access token is mistyped (its checksum fails)");
        }
        PersonalAccessToken token = store.tokenByHash(AccessTokenFormat.hash(credential))
                .orElseThrow(() -> unauthorized("auth.token-unknown", "The personal access token is not known here"));
        Instant now = clock.instant();
        if (token.revokedAt() != null) {
            throw unauthorized("auth.token-revoked", "The personal access token " + token.id() + " was revoked");
        }
        if (!token.activeAt(now)) {
            throw unauthorized("auth.token-expired", "The personal access token " + token.id() + " expired at "
                    + token.expiresAt());
        }
        return Principal.person(token.person(), token.id());
    }

    /** A person the OIDC issuer vouches for, met for the first time. */
    private Person enrol(String id) {
        Person person = new Person(id, id, clock.instant());
        try {
            store.createPerson(person);
        } catch (DomainException raced) {
            return store.person(id).orElseThrow(() -> raced);
        }
        return person;
    }

    /**
     * Lets the call through or refuses it.
     *
     * @param project the project the request names; null for routes that name none
     * @throws DomainException 401 {@code auth.credential-required} for an anonymous caller of a
     *                         route that is not public, 403 {@code auth.forbidden} otherwise
     */
    public void authorize(Principal principal, Permission permission, ProjectRef project) {
        if (permission == Permission.PUBLIC) {
            return;
        }
        if (principal.kind() == Principal.Kind.ANONYMOUS) {
            throw unauthorized("auth.credential-required", "The control API needs a credential");
        }
        if (principal.isAdmin()) {
            return;
        }
        switch (permission.scope()) {
            case NONE -> {
                if (permission == Permission.PLATFORM) {
                    throw forbidden("Only the platform's administrator may do this");
                }
            }
            case PROJECT -> {
                if (project == null) {
                    throw new IllegalStateException("A project permission needs the project the request names");
                }
                if (!allows(principal, permission, project)) {
                    throw forbidden(principal.id() + " holds no role on " + project + " that allows "
                            + permission.name().toLowerCase(Locale.ROOT).replace('_', ' '));
                }
            }
        }
    }

    /** Whether the principal holds {@code permission} on the project. */
    public boolean allows(Principal principal, Permission permission, ProjectRef project) {
        return roleOn(principal, project).map(role -> role.allows(permission)).orElse(false);
    }

    /** The principal's role on the project: the admin and the owning person are owners. */
    public Optional<Role> roleOn(Principal principal, ProjectRef project) {
        if (principal.isAdmin()) {
            return Optional.of(Role.OWNER);
        }
        if (principal.kind() != Principal.Kind.PERSON) {
            return Optional.empty();
        }
        if (principal.id().equals(project.user())) {
            return Optional.of(Role.OWNER);
        }
        return store.memberships(principal.id()).stream().filter(m -> m.project().equals(project))
                .map(Membership::role).findFirst();
    }

    /**
     * The projects on which the principal holds {@code permission}, with its role; the admin
     * gets every created project.
     */
    public Map<ProjectRef, Role> projectsAllowing(Principal principal, Permission permission) {
        Map<ProjectRef, Role> visible = new LinkedHashMap<>();
        if (principal.isAdmin()) {
            store.projects().forEach(p -> visible.put(p.ref(), Role.OWNER));
            return visible;
        }
        if (principal.kind() != Principal.Kind.PERSON) {
            return visible;
        }
        store.projects().stream().filter(p -> p.owner().equals(principal.id()))
                .forEach(p -> visible.put(p.ref(), Role.OWNER));
        store.memberships(principal.id()).stream().filter(m -> m.role().allows(permission))
                .forEach(m -> visible.putIfAbsent(m.project(), m.role()));
        visible.values().removeIf(role -> !role.allows(permission));
        return visible;
    }

    private static DomainException unauthorized(String code, String message) {
        return new DomainException(code, 401, message,
                "Send 'Authorization: Bearer <token>' with your personal access token (wfp login stores one), "
                        + "an OIDC token of the configured issuer, or the admin token.");
    }

    private static DomainException forbidden(String message) {
        return new DomainException("auth.forbidden", 403, message,
                "Ask the project's owner for a role that allows it (wfp members add).");
    }
}
