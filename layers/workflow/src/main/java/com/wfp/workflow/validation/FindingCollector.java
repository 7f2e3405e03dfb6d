package com.wfp.workflow.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Gathers findings during one validation run and hands them back in the documented order:
 * class (graph, config, security), then document position, then code. Not thread-safe: checks
 * that work in parallel (the probe) hand their results back to the validating thread first.
 */
final class FindingCollector {

    private record Entry(int classRank, JsonPath path, Finding finding) {
    }

    private static final Comparator<Entry> ORDER = Comparator
            .comparingInt(Entry::classRank)
            .thenComparing(Entry::path)
            .thenComparing(e -> e.finding().code())
            .thenComparing(e -> e.finding().nodeId(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(e -> e.finding().message())
            .thenComparing(e -> e.finding().severity());

    private final List<Entry> entries = new ArrayList<>();

    void error(String code, String nodeId, JsonPath path, String message, String hint) {
        add(code, Severity.ERROR, nodeId, path, message, hint);
    }

    void warning(String code, String nodeId, JsonPath path, String message, String hint) {
        add(code, Severity.WARNING, nodeId, path, message, hint);
    }

    void add(String code, Severity severity, String nodeId, JsonPath path, String message, String hint) {
        entries.add(new Entry(classRank(code), path, new Finding(code, severity, nodeId, path.toString(), message, hint)));
    }

    List<Finding> sorted() {
        return entries.stream().sorted(ORDER).map(Entry::finding).toList();
    }

    static int classRank(String code) {
        if (code.startsWith("graph.")) {
            return 0;
        }
        if (code.startsWith("config.")) {
            return 1;
        }
        if (code.startsWith("security.")) {
            return 2;
        }
        return 3;
    }
}
