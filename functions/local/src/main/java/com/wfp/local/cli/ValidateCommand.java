package com.wfp.local.cli;

import com.wfp.handlers.http.ReportJson;
import com.wfp.handlers.publishing.WorkflowCheck;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.validation.ValidationOptions;
import com.wfp.workflow.validation.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code wfp validate FILE}: the same check as {@code POST /api/v1/validate}. Exit 0 when the
 * workflow is publishable (warnings allowed), 1 when it has errors, 2 when it cannot be read.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate a workflow document. Exit 0 when publishable (warnings allowed), 1 with errors, "
                + "2 when the file cannot be read or parsed.")
final class ValidateCommand implements Callable<Integer> {

    static final int PUBLISHABLE = 0;
    static final int HAS_ERRORS = 1;
    static final int UNREADABLE = 2;

    @Parameters(paramLabel = "FILE", description = "The workflow JSON document.")
    Path file;

    @Option(names = "--json", description = "Print the report as JSON, exactly as the HTTPS endpoint answers.")
    boolean json;

    @Option(names = "--probe", description = "Also check DNS and TLS reachability of each static http.request host.")
    boolean probe;

    private final WorkflowCheck check;
    private final PrintStream out;
    private final PrintStream err;

    ValidateCommand() {
        this(new WorkflowCheck(), System.out, System.err);
    }

    ValidateCommand(WorkflowCheck check, PrintStream out, PrintStream err) {
        this.check = check;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        byte[] document;
        try {
            document = Files.readAllBytes(file);
        } catch (IOException e) {
            return unreadable(new DomainException("file.unreadable", 400,
                    "Cannot read " + file + ": " + describe(e),
                    "Check the path and that the file is readable."));
        }
        ValidationReport report;
        try {
            report = check.check(document, new ValidationOptions(probe));
        } catch (DomainException e) {
            return unreadable(e);
        }
        if (json) {
            out.println(ReportJson.write(ReportJson.report(report)));
        } else {
            ReadableReport.print(file.toString(), report, out);
        }
        return report.valid() ? PUBLISHABLE : HAS_ERRORS;
    }

    private int unreadable(DomainException e) {
        if (json) {
            out.println(ReportJson.write(ReportJson.error(e)));
        } else {
            err.println("wfp: " + file + ": " + e.getMessage());
            err.println("     hint: " + e.hint());
        }
        return UNREADABLE;
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : String.valueOf(e.getMessage());
    }
}
