package com.wfp.local.cli;

import com.wfp.local.LocalPlatform;
import com.wfp.local.LocalPlatformOptions;
import com.wfp.local.gateway.PortInUseException;
import com.wfp.workflow.error.DomainException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code wfp start}: runs the local platform in the foreground until Ctrl-C. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start the local platform: the HTTPS control API, with plain HTTP redirecting to it.")
final class StartCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + LocalPlatformOptions.DEFAULT_HTTPS_PORT,
            description = "HTTPS port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int httpsPort;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "" + LocalPlatformOptions.DEFAULT_HTTP_PORT,
            description = "HTTP port that redirects to HTTPS (default: ${DEFAULT-VALUE}; 0 picks a free one; -1 turns it off).")
    int httpPort;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: $WFP_DATA, else .wfp-data in the current directory).")
    Path dataDir;

    @Option(names = "--bind", paramLabel = "HOST", defaultValue = LocalPlatformOptions.DEFAULT_BIND_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bindHost;

    @Option(names = "--allow-private-host", paramLabel = "HOST",
            description = "Let workflows' http.request reach HOST although it is loopback or private, such as "
                    + "localhost for a service on this machine. For local development only; repeatable.")
    java.util.List<String> allowedPrivateHosts = new java.util.ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        requirePort("--port", httpsPort, 0);
        requirePort("--http-port", httpPort, -1);
        LocalPlatformOptions options = new LocalPlatformOptions(
                dataDir != null ? dataDir : LocalPlatformOptions.defaultDataDir(System.getenv()),
                httpsPort, httpPort, bindHost, java.util.Set.copyOf(allowedPrivateHosts));
        LocalPlatform platform;
        try {
            platform = LocalPlatform.start(options);
        } catch (PortInUseException e) {
            System.err.println("wfp: cannot start: " + e.getMessage() + ".");
            System.err.println("wfp: stop the process that uses port " + e.port() + ", or start on another port with "
                    + (e.listener() == PortInUseException.Listener.HTTPS
                    ? "--port N (0 picks a free one)."
                    : "--http-port N (0 picks a free one, -1 turns the HTTP redirect off)."));
            return 1;
        } catch (DomainException e) {
            System.err.println("wfp: cannot start: " + e.getMessage());
            System.err.println("wfp: " + e.hint());
            return 1;
        } catch (UncheckedIOException e) {
            System.err.println("wfp: cannot start: " + e.getMessage() + " (" + e.getCause().getMessage() + ")");
            System.err.println("wfp: choose a data directory you can write with --data DIR or $WFP_DATA.");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            System.out.println("wfp: stopped");
            System.out.flush();
        }, "wfp-shutdown"));
        platform.printBanner(System.out);
        platform.awaitStop();
        return 0;
    }

    private void requirePort(String option, int value, int lowest) {
        if (value < lowest || value > 65_535) {
            throw new ParameterException(spec.commandLine(), option + " must be " + lowest + " to 65535, was " + value
                    + (lowest < 0 ? " (0 picks a free port, -1 turns the listener off)" : " (0 picks a free port)"));
        }
    }
}
