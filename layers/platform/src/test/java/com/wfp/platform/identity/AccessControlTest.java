package com.wfp.platform.identity;

import com.wfp.platform.testing.SettableClock;
import com.wfp.platform.port.InMemoryIdentityStore;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessControlTest {

    private static final ProjectRef SHOP = new ProjectRef("ada", "shop");

    private final InMemoryIdentityStore store = new InMemoryIdentityStore();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final AccessControl access = new AccessControl(store, "the-admin-token"::equals, null, clock);
    private final IdentityService identity = new IdentityService(store, access, clock);

    @BeforeEach
    void people() {
        identity.createPerson("ada", "Ada");
        identity.createPerson("dev", null);
        identity.createProject(Principal.admin(), SHOP);
        identity.putMember(Principal.admin(), SHOP, "dev", Role.DEVELOPER);
    }

    private static String code(Runnable call) {
        try {
            call.run();
        } catch (DomainException e) {
            return e.httpStatus() + " " + e.code();
        }
        return "allowed";
    }

    @Test
    void authenticate_readsTheAdminAPersonalTokenAndNothing() {
        String token = identity.createToken(Principal.admin(), "ada", "laptop", null).secret();

        assertThat(access.authenticate(null)).isEqualTo(Principal.anonymous());
        assertThat(access.authenticate("Bearer the-admin-token")).isEqualTo(Principal.admin());
        Principal ada = access.authenticate("Bearer " + token);
        assertThat(ada.id()).isEqualTo("ada");
        assertThat(ada.credential()).startsWith("pat_").doesNotContain(token.substring(8));
    }

    @Test
    void authenticate_refusesMistypedUnknownRevokedAndExpiredTokens() {
        CreatedToken created = identity.createToken(Principal.admin(), "ada", "laptop", Duration.ofHours(1));
        String token = created.secret();
        char last = token.charAt(token.length() - 1);
        String mistyped = token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');

        assertThat(code(() -> access.authenticate("Bearer " + mistyped))).isEqualTo("401 auth.token-malformed");
        assertThat(code(() -> access.authenticate("Bearer " + AccessTokenFormat.generate()))).isEqualTo("401 auth.token-unknown");
        assertThat(code(() -> access.authenticate("Basic abc"))).isEqualTo("401 auth.scheme-unsupported");
        assertThat(code(() -> access.authenticate("Bearer a.b.c"))).isEqualTo("401 auth.oidc-not-configured");
        assertThat(code(() -> access.authenticate("Bearer wfp_live_whatever"))).isEqualTo("401 auth.credential-unknown");

        clock.advance(Duration.ofHours(2));
        assertThat(code(() -> access.authenticate("Bearer " + token))).isEqualTo("401 auth.token-expired");
        identity.revokeToken(Principal.person("ada", null), created.token().id());
        assertThat(code(() -> access.authenticate("Bearer " + token))).isEqualTo("401 auth.token-revoked");
    }

    @ParameterizedTest
    @EnumSource(Permission.class)
    void authorize_givesEachRoleExactlyItsPermissions(Permission permission) {
        if (permission.scope() == Permission.Scope.NONE) {
            return;
        }
        Principal dev = Principal.person("dev", null);
        boolean developerMay = Role.DEVELOPER.allows(permission);

        assertThat(code(() -> access.authorize(dev, permission, SHOP))).isEqualTo(developerMay ? "allowed" : "403 auth.forbidden");
        assertThat(code(() -> access.authorize(Principal.person("ada", null), permission, SHOP))).isEqualTo("allowed");
        assertThat(code(() -> access.authorize(Principal.admin(), permission, SHOP))).isEqualTo("allowed");
        assertThat(code(() -> access.authorize(Principal.person("eve", null), permission, SHOP))).isEqualTo("403 auth.forbidden");
        assertThat(code(() -> access.authorize(Principal.anonymous(), permission, SHOP))).isEqualTo("401 auth.credential-required");
    }

    @Test
    void roles_areOrderedEachHoldingWhatTheOneBelowHolds() {
        for (Permission permission : Permission.values()) {
            for (int i = 1; i < Role.values().length; i++) {
                if (Role.values()[i - 1].allows(permission)) {
                    assertThat(Role.values()[i].allows(permission)).as(Role.values()[i] + " " + permission).isTrue();
                }
            }
        }
        assertThat(Role.VIEWER.allows(Permission.READ)).isTrue();
        assertThat(Role.VIEWER.allows(Permission.DRAFT)).isFalse();
        assertThat(Role.DEVELOPER.allows(Permission.PUBLISH)).isFalse();
        assertThat(Role.MAINTAINER.allows(Permission.KEYS)).isTrue();
        assertThat(Role.MAINTAINER.allows(Permission.MEMBERS)).isFalse();
        assertThat(Role.OWNER.allows(Permission.SECRETS)).isTrue();
    }

    @Test
    void platformPermission_isTheAdminsAlone() {
        assertThat(code(() -> access.authorize(Principal.person("ada", null), Permission.PLATFORM, null))).isEqualTo("403 auth.forbidden");
        assertThat(code(() -> access.authorize(Principal.admin(), Permission.PLATFORM, null))).isEqualTo("allowed");
        assertThat(code(() -> access.authorize(Principal.person("ada", null), Permission.SIGNED_IN, null))).isEqualTo("allowed");
        assertThat(code(() -> access.authorize(Principal.anonymous(), Permission.PUBLIC, null))).isEqualTo("allowed");
    }

    @Test
    void tokens_areAPersonsOwnAndProjectsAreCreatedUnderTheirOwnId() {
        Principal dev = Principal.person("dev", null);
        CreatedToken adas = identity.createToken(Principal.admin(), "ada", "ci", null);

        assertThat(code(() -> identity.createToken(dev, "ada", "steal", null))).isEqualTo("403 auth.forbidden");
        assertThat(code(() -> identity.revokeToken(dev, adas.token().id()))).isEqualTo("404 identity.token-unknown");
        assertThat(code(() -> identity.tokens(dev, "ada"))).isEqualTo("403 auth.forbidden");
        assertThat(code(() -> identity.createProject(dev, new ProjectRef("ada", "mine")))).isEqualTo("403 auth.forbidden");
        assertThat(identity.createProject(dev, new ProjectRef("dev", "mine")).owner()).isEqualTo("dev");
        assertThat(code(() -> identity.putMember(Principal.admin(), SHOP, "ada", Role.VIEWER))).isEqualTo("400 identity.owner-fixed");
        assertThat(identity.projects(dev)).extracting(v -> v.project().ref() + " " + v.role())
                .containsExactly("ada/shop DEVELOPER", "dev/mine OWNER");
    }

    @Test
    void authenticate_aJwtTheIssuerVouchesFor_isThatPersonAddedOnFirstSight() {
        com.wfp.platform.port.IdentityTokenVerifier issuer = token -> {
            if (!token.equals("aaa.bbb.ccc")) {
                throw new DomainException("auth.token-invalid", 401, "bad signature", "sign in again");
            }
            return new com.wfp.platform.port.IdentityTokenVerifier.VerifiedToken("zoe", "jti-7",
                    clock.instant().plusSeconds(60));
        };
        AccessControl withOidc = new AccessControl(store, "the-admin-token"::equals, issuer, clock);

        Principal zoe = withOidc.authenticate("Bearer aaa.bbb.ccc");

        assertThat(zoe).isEqualTo(Principal.person("zoe", "jwt:jti-7"));
        assertThat(store.person("zoe")).isPresent();
        assertThat(withOidc.authenticate("Bearer aaa.bbb.ccc")).isEqualTo(zoe);
        assertThat(code(() -> withOidc.authenticate("Bearer aaa.bbb.ddd"))).isEqualTo("401 auth.token-invalid");
        assertThat(code(() -> withOidc.authorize(zoe, Permission.READ, SHOP))).isEqualTo("403 auth.forbidden");
    }
}
