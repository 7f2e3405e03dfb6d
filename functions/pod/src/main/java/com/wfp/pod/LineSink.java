package com.wfp.pod;

/** Where the pod's JSON log lines go: stdout in production, a list in tests. Called from one thread only. */
public interface LineSink {

    /** Writes one line (without its line break). */
    void write(String line);

    /** Pushes buffered lines out; called whenever the log queue runs empty. */
    void flush();
}
