package com.wfp.handlers.http;

import com.wfp.platform.identity.AccessControl;
import com.wfp.platform.identity.Permission;
import com.wfp.platform.identity.Principal;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.workflow.error.DomainException;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides every control call before its handler runs: who the credential is, which project the
 * request names and whether the caller holds the route's {@link Permission} there. The local
 * gateway calls it for each route; on AWS it is the control API's authorizer. What it decides
 * travels to the handler in the proxy event's authorizer context ({@link #context}).
 */
public final class ControlAuthorizer {

    /** Authorizer context key of the principal's id, as API Gateway names it. */
    public static final String PRINCIPAL_ID = "principalId";
    /** Authorizer context key of the principal's kind. */
    public static final String PRINCIPAL_KIND = "principalKind";
    /** Authorizer context key of the credential's id (a token id), never the credential. */
    public static final String CREDENTIAL = "credential";
    /** Authorizer context key, on routes that name a project, of the caller's role there ({@code owner} for the admin). */
    public static final String ROLE = "role";
    /** Authorizer context key, on routes that name no project, of the projects the caller may see rows of. */
    public static final String PROJECTS = "projects";

    private final AccessControl access;
    private final Function<String, Optional<ProjectRef>> deploymentProject;

    /**
     * @param access            authenticates and decides
     * @param deploymentProject the project a deployment belongs to, by deployment id
     */
    public ControlAuthorizer(AccessControl access, Function<String, Optional<ProjectRef>> deploymentProject) {
        this.access = access;
        this.deploymentProject = deploymentProject;
    }

    /**
     * Who the {@code Authorization} header presents.
     *
     * @throws DomainException 401 for a credential that does not authenticate
     */
    public Principal authenticate(String authorization) {
        return access.authenticate(authorization);
    }

    /**
     * Lets the call through or refuses it.
     *
     * @return the authorizer context the handler reads ({@link #context}, and for a route naming
     *         no project, {@value #PROJECTS}: the projects whose rows the caller may see)
     * @throws DomainException 401 for a caller without a credential, 403 for one without the permission
     */
    public Map<String, Object> authorize(Principal principal, ControlRoute route, Map<String, String> pathParameters) {
        Map<String, Object> context = context(principal);
        check(principal, route, pathParameters, context);
        return context;
    }

    private void check(Principal principal, ControlRoute route, Map<String, String> pathParameters,
                       Map<String, Object> context) {
        Permission permission = route.permission();
        if (permission.scope() == Permission.Scope.NONE) {
            access.authorize(principal, permission, null);
            return;
        }
        access.authorize(principal, Permission.SIGNED_IN, null);
        if (principal.isAdmin()) {
            context.put(ROLE, com.wfp.platform.identity.Role.OWNER.label());
            return;
        }
        Map<String, String> parameters = pathParameters == null ? Map.of() : pathParameters;
        if (parameters.containsKey("user") && parameters.containsKey("project")) {
            ProjectRef project = project(parameters.get("user"), parameters.get("project"));
            access.authorize(principal, permission, project);
            access.roleOn(principal, project).ifPresent(role -> context.put(ROLE, role.label()));
            return;
        }
        if (route.path().template().startsWith(ControlRoutes.API_PREFIX + "/deployments/{id}")) {
            ProjectRef project = deploymentProject.apply(parameters.get("id")).orElseThrow(() ->
                    new DomainException("auth.forbidden", 403, principal.id()
                            + " holds no role that allows reading this deployment, or there is no such deployment",
                            "Use the deployment id your publish returned."));
            access.authorize(principal, permission, project);
            return;
        }
        // A route naming no project: the caller must hold the permission somewhere; its handler shows only those rows.
        java.util.Set<ProjectRef> projects = access.projectsAllowing(principal, permission).keySet();
        context.put(PROJECTS, String.join(",", projects.stream().map(ProjectRef::toString).toList()));
        if (projects.isEmpty()) {
            throw new DomainException("auth.forbidden", 403, principal.id() + " holds no role that allows "
                    + permission.name().toLowerCase(java.util.Locale.ROOT) + " on any project",
                    "Ask a project's owner for a role that allows it.");
        }
    }

    /** The projects on which the principal holds the permission (every created one for the admin). */
    public java.util.Set<ProjectRef> projectsAllowing(Principal principal, Permission permission) {
        return access.projectsAllowing(principal, permission).keySet();
    }

    /** What the handler learns of the caller, as an API Gateway authorizer context. */
    public static Map<String, Object> context(Principal principal) {
        Map<String, Object> context = new java.util.LinkedHashMap<>();
        context.put(PRINCIPAL_ID, principal.id());
        context.put(PRINCIPAL_KIND, principal.kind().name());
        if (principal.credential() != null) {
            context.put(CREDENTIAL, principal.credential());
        }
        return context;
    }

    private static ProjectRef project(String user, String project) {
        try {
            return new ProjectRef(user, project);
        } catch (DomainException invalid) {
            // A path that names no valid project names nobody's project: nothing to allow.
            throw new DomainException("auth.forbidden", 403, "The path names no project you hold a role on",
                    "Check the user and project segments of the path.");
        }
    }
}
