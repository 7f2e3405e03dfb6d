package com.wfp.local.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --project} of the client commands, and the one place a project reference (PROJECT of
 * user local, or USER/PROJECT) is checked and turned into the platform's path. Most commands work on
 * local/default unless told; {@link Required} is the same option for those that must be told.
 */
final class ProjectOption {

    static final String DEFAULT = "local/default";

    // Named project so picocli's usage and its errors keep saying --project=<project>.
    @Option(names = "--project", defaultValue = DEFAULT,
            description = "USER/PROJECT, or PROJECT of user local (default: " + DEFAULT + ").")
    String project;

    /** The project as USER/PROJECT. */
    String path() {
        return path(project);
    }

    /** The platform's API path of the project, {@code /projects/USER/PROJECT}. */
    String apiPath() {
        return "/projects/" + path();
    }

    /** As typed, for repeating the command back to the user. */
    String reference() {
        return project;
    }

    /** {@code --project} for the commands that have no default project. */
    static final class Required {

        @Option(names = "--project", required = true, description = "USER/PROJECT, or PROJECT of user local.")
        String project;

        String path() {
            return ProjectOption.path(project);
        }

        String apiPath() {
            return "/projects/" + path();
        }

        String reference() {
            return project;
        }
    }

    /**
     * USER/PROJECT of a reference.
     *
     * @throws PlatformClient.ApiError 400 {@code cli.invalid-project} when it is neither PROJECT nor USER/PROJECT
     */
    static String path(String reference) {
        String[] parts = reference.split("/", -1);
        if (parts.length == 1 && !parts[0].isBlank()) {
            return "local/" + reference;
        }
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new PlatformClient.ApiError(400, "cli.invalid-project", "'" + reference + "' is not a project",
                    "Name it as PROJECT (user local) or USER/PROJECT.");
        }
        return reference;
    }
}
