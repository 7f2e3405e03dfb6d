package com.wfp.local.gateway;

import com.wfp.handlers.http.ControlRoutes;
import com.wfp.local.ScratchDirectory;
import com.wfp.local.TlsTestClients;
import com.wfp.local.auth.AdminTokenStore;
import com.wfp.local.tls.CertificateStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * A local gateway with every control route, started in-process on a free port for a test class of the pages it
 * serves (the console, the docs), with a client that trusts its certificate.
 */
final class PagesGateway implements BeforeAllCallback, AfterAllCallback {

    private Path dataDir;
    private LocalGateway gateway;
    private HttpClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        dataDir = ScratchDirectory.create("wfp-pages-");
        gateway = new LocalGateway(new GatewaySettings("127.0.0.1", 0, 0, new CertificateStore(dataDir).loadOrCreate(),
                new AdminTokenStore(dataDir).loadOrCreate(), 4096), ControlRoutes.all()).start();
        client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        ScratchDirectory.delete(dataDir);
    }

    URI url(String path) {
        return URI.create("https://localhost:" + gateway.httpsPort() + path);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url(path)).build());
    }
}
