package com.wfp.platform.release;

/**
 * Names one workflow of one project of one user: the key of drafts, releases, routing and
 * deployments, and the path {@code /w/{user}/{project}/{workflow}} of its production URL.
 * Every part is a slug.
 */
public record WorkflowRef(String user, String project, String workflow) {

    public WorkflowRef {
        InputRules.slug("user", user);
        InputRules.slug("project", project);
        InputRules.slug("workflow", workflow);
    }

    /** {@code user/project/workflow}, as in URLs and messages. */
    public String path() {
        return user + "/" + project + "/" + workflow;
    }

    @Override
    public String toString() {
        return path();
    }
}
