package com.wfp.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code wfp} command line: the entry point of the shaded jar. */
@Command(name = "wfp", mixinStandardHelpOptions = true, version = "wfp 0.1.0",
        description = "Workflow publishing and production deployment: the local platform and its tools.",
        subcommands = {StartCommand.class, ValidateCommand.class, PublishCommand.class, ReleasesCommand.class,
                StatusCommand.class, DiffCommand.class, TrafficCommand.class, RollbackCommand.class,
                HistoryCommand.class, RolloutCommand.class, KeysCommand.class, AuditCommand.class, PodsCommand.class,
                TelemetryCommands.Executions.class, TelemetryCommands.Execution.class, TelemetryCommands.Errors.class,
                TelemetryCommands.Metrics.class, AlertsCommand.class, NotifyCommand.class,
                LogsCommand.class, HealthCommand.class,
                DocsCommand.class, SecretsCommand.class,
                LoginCommand.class, LoginCommand.Logout.class, ProjectsCommand.class, MembersCommand.class,
                TokensCommand.class, PeopleCommand.class, TelemetryCommands.InsightsCommand.class,
                DraftsCommand.class, RetireCommand.class, WorkflowsCommand.class, DeploymentsCommand.class,
                CommandLine.HelpCommand.class})
public final class WfpCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: try 'wfp start' or 'wfp validate FILE'.");
    }

    public static CommandLine commandLine() {
        return new CommandLine(new WfpCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
