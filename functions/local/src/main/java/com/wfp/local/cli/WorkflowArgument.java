package com.wfp.local.cli;

import picocli.CommandLine.Parameters;

/**
 * The WORKFLOW argument of the commands that work on one workflow: WORKFLOW (in local/default) or
 * USER/PROJECT/WORKFLOW, checked by {@link ClientCommand#workflowPath} when the command runs.
 */
final class WorkflowArgument {

    @Parameters(paramLabel = "WORKFLOW", description = "WORKFLOW (in local/default) or USER/PROJECT/WORKFLOW.")
    String workflow;

    /** The workflow as USER/PROJECT/WORKFLOW. */
    String path() {
        return ClientCommand.workflowPath(workflow);
    }

    /** The platform's API path of the workflow, {@code /workflows/USER/PROJECT/WORKFLOW}. */
    String apiPath() {
        return "/workflows/" + path();
    }

    /** As typed, for repeating the command back to the user. */
    String reference() {
        return workflow;
    }
}
