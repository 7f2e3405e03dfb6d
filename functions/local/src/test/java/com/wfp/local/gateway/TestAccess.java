package com.wfp.local.gateway;

import com.wfp.adapters.local.access.SqliteKeyStore;
import com.wfp.adapters.local.store.SqliteReleaseStore;
import com.wfp.handlers.datapath.AuthorizerHandler;
import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.access.ApiKeyService;
import com.wfp.platform.access.KeyPermission;
import com.wfp.platform.access.KeyScope;
import com.wfp.platform.access.NewApiKey;
import com.wfp.platform.access.ProductionAuthorizer;
import com.wfp.platform.access.WorkflowAccessRules;
import com.wfp.platform.port.EventBus;
import com.wfp.platform.port.IdentityTokenVerifier;
import com.wfp.workflow.error.DomainException;

import java.time.Clock;
import java.util.Set;

/**
 * The data path's authorization as the platform wires it, for gateway tests: keys in the release
 * store's database, rules kept fresh by the events, and a stand-in OIDC issuer for {@code "auth": "token"}.
 */
record TestAccess(AuthorizerHandler authorizer, ApiKeyService keys, WorkflowAccessRules rules) implements AutoCloseable {

    static TestAccess of(SqliteReleaseStore store, EventBus events) {
        WorkflowAccessRules rules = new WorkflowAccessRules(store, store, events, null, System::nanoTime);
        SqliteKeyStore keyStore = new SqliteKeyStore(store.database());
        ProductionAuthorizer authorizer = new ProductionAuthorizer(rules, keyStore, Clock.systemUTC(), null,
                System::nanoTime, TestAccess::verifyTestToken);
        return new TestAccess(new AuthorizerHandler(authorizer),
                new ApiKeyService(keyStore, Clock.systemUTC(), authorizer::forget), rules);
    }

    /** The one JWT the test issuer vouches for (ada's); the platform's verifier checks real ones (OidcFunctionsIT). */
    static final String ADAS_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl";

    private static IdentityTokenVerifier.VerifiedToken verifyTestToken(String token) {
        if (!token.equals(ADAS_JWT)) {
            throw new DomainException("auth.token-invalid", 401, "The OIDC token was refused: bad signature",
                    "Sign in again.");
        }
        return new IdentityTokenVerifier.VerifiedToken("ada", "jti-1", java.time.Instant.now().plusSeconds(600));
    }

    /** A new key that may invoke every workflow of the project. */
    String invokeKey(String user, String project) {
        return keys.create(new NewApiKey("test", ApiKeyFormat.Environment.TEST,
                new KeyScope(user, project, null, null, Set.of(KeyPermission.INVOKE)), null, 0), user).secret();
    }

    @Override
    public void close() {
        rules.close();
    }
}
