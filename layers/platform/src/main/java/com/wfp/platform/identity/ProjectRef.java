package com.wfp.platform.identity;

import com.wfp.platform.release.InputRules;

/**
 * A project, named as in every path: the user it belongs to and its slug.
 *
 * @param user    the owning user's id
 * @param project the project's slug
 */
public record ProjectRef(String user, String project) {

    public ProjectRef {
        InputRules.slug("user", user);
        InputRules.slug("project", project);
    }

    /** {@code user/project}. */
    @Override
    public String toString() {
        return user + "/" + project;
    }
}
