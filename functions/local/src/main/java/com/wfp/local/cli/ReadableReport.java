package com.wfp.local.cli;

import com.wfp.workflow.validation.Finding;
import com.wfp.workflow.validation.ValidationReport;

import java.io.PrintStream;
import java.util.List;

/** A validation report for people: findings grouped by severity, then a one-line summary. */
final class ReadableReport {

    private ReadableReport() {
    }

    static void print(String source, ValidationReport report, PrintStream out) {
        section("Errors", report.errors(), out);
        section("Warnings", report.warnings(), out);
        out.println(summary(source, report));
    }

    static String summary(String source, ValidationReport report) {
        String counts = count(report.errors().size(), "error") + ", " + count(report.warnings().size(), "warning");
        return source + ": " + (report.valid() ? "publishable" : "not publishable") + " (" + counts + ")";
    }

    private static void section(String title, List<Finding> findings, PrintStream out) {
        if (findings.isEmpty()) {
            return;
        }
        out.println(title + " (" + findings.size() + ")");
        for (Finding finding : findings) {
            StringBuilder line = new StringBuilder("  ").append(finding.code());
            line.append(finding.nodeId() == null ? "  [workflow]" : "  [node " + finding.nodeId() + "]");
            if (finding.path() != null) {
                line.append(" at ").append(finding.path());
            }
            out.println(line);
            out.println("      " + finding.message());
            if (finding.hint() != null && !finding.hint().isBlank()) {
                out.println("      hint: " + finding.hint());
            }
        }
        out.println();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
