package com.wfp.platform.access;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an API key works: one project, optionally one workflow of it, optionally one pinned
 * version of that workflow, for the permissions given.
 *
 * @param user        the project's owner
 * @param project     the project
 * @param workflow    one workflow, or null for every workflow of the project
 * @param version     one version of {@code workflow}, or null for whatever serves
 * @param permissions at least one
 */
public record KeyScope(String user, String project, String workflow, String version, Set<KeyPermission> permissions) {

    public KeyScope {
        InputRules.slug("user", user);
        InputRules.slug("project", project);
        if (workflow != null) {
            InputRules.slug("workflow", workflow);
        }
        if (version != null) {
            if (workflow == null) {
                throw DomainException.badRequest("key.version-without-workflow",
                        "A key pinned to version " + version + " must name its workflow",
                        "Give the workflow as well as the version, or drop the version.");
            }
            InputRules.versionName(version);
        }
        if (permissions == null || permissions.isEmpty()) {
            throw DomainException.badRequest("key.no-permission", "A key needs at least one permission",
                    "Give invoke, read, or both.");
        }
        permissions = Set.copyOf(EnumSet.copyOf(permissions));
    }

    /** True when the scope covers this call: the same project, workflow and version, when it names them. */
    public boolean covers(WorkflowRef ref, String pinnedVersion) {
        if (!user.equals(ref.user()) || !project.equals(ref.project())) {
            return false;
        }
        if (workflow != null && !workflow.equals(ref.workflow())) {
            return false;
        }
        return version == null || version.equals(pinnedVersion);
    }

    /** The scope as one line, such as {@code ada/shop/greeting@v1 invoke,read}. */
    public String describe() {
        StringBuilder text = new StringBuilder(user).append('/').append(project);
        if (workflow != null) {
            text.append('/').append(workflow);
        }
        if (version != null) {
            text.append('@').append(version);
        }
        return text.append(' ').append(String.join(",", permissions.stream().map(p -> p.name().toLowerCase())
                .sorted().toList())).toString();
    }
}
