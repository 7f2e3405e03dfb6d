package com.wfp.adapters.local.pod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A child process's resident memory, read from {@code /proc} where the system has it. */
final class ProcessMemory {

    private static final String RESIDENT = "VmRSS:";

    private ProcessMemory() {
    }

    /** The process's resident set in bytes, or -1 when there is no process or the system does not tell. */
    static long residentBytes(long pid) {
        if (pid <= 0) {
            return -1;
        }
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(RESIDENT)) {
                    // "VmRSS:     123456 kB"
                    String[] parts = line.substring(RESIDENT.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc (another system) or the process has just ended: unknown, not an error.
        }
        return -1;
    }
}
