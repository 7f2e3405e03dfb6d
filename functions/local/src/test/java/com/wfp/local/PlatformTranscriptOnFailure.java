package com.wfp.local;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.function.Supplier;

/**
 * Prints what {@code wfp start} wrote when an end-to-end test fails, since the platform runs in
 * another process and its output is otherwise lost with it.
 */
final class PlatformTranscriptOnFailure implements TestWatcher {

    private final Supplier<PlatformProcess> platform;

    PlatformTranscriptOnFailure(Supplier<PlatformProcess> platform) {
        this.platform = platform;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        PlatformProcess current = platform.get();
        System.err.println("---- wfp start output (" + context.getDisplayName() + " failed) ----");
        System.err.println(current == null ? "(not started)" : current.transcript());
        System.err.println("---- end of wfp start output ----");
    }
}
