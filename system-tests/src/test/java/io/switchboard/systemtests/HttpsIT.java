package io.switchboard.systemtests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * HTTPS on the HTTP port exactly as the README documents it: a key store made with its keytool
 * commands, its lines in {@code etc/org.ops4j.pax.web.cfg}, and a client that trusts only the
 * exported certificate. The API, {@code /metrics} and the event streams answer on the secure port;
 * a client that does not trust the certificate gets no answer at all.
 */
public class HttpsIT {

    private static ForkedServer server;
    private static int securePort;
    private static Path pem;

    @BeforeClass
    public static void serverWithTheDocumentedKeyStore() throws Exception {
        server = ForkedServer.create(Path.of("target/https"), new ForkedServer.Options());
        Path etc = server.home().resolve("etc");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(etc, keytool, "-genkeypair", "-alias", "switchboard", "-keyalg", "RSA", "-keysize", "2048", "-validity",
                "825", "-dname", "CN=switchboard.example.com", "-ext", "SAN=dns:switchboard.example.com,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", "switchboard-tls.p12", "-storepass", "change-me", "-keypass",
                "change-me");
        pem = etc.resolve("switchboard-tls.pem");
        Files.writeString(pem, run(etc, keytool, "-exportcert", "-rfc", "-alias", "switchboard", "-keystore",
                "switchboard-tls.p12", "-storepass", "change-me"));
        securePort = ForkedServer.freePorts(1)[0];
        Path cfg = etc.resolve("org.ops4j.pax.web.cfg");
        ForkedServer.setProperty(cfg, "org.osgi.service.http.secure.enabled", "true");
        ForkedServer.setProperty(cfg, "org.osgi.service.http.port.secure", Integer.toString(securePort));
        ForkedServer.setProperty(cfg, "org.ops4j.pax.web.ssl.keystore", "${karaf.etc}/switchboard-tls.p12");
        ForkedServer.setProperty(cfg, "org.ops4j.pax.web.ssl.keystore.type", "PKCS12");
        ForkedServer.setProperty(cfg, "org.ops4j.pax.web.ssl.keystore.password", "change-me");
        ForkedServer.setProperty(cfg, "org.ops4j.pax.web.ssl.key.password", "change-me");
        ForkedServer.setProperty(cfg, "org.ops4j.pax.web.ssl.key.alias", "switchboard");
        server.start();
    }

    @AfterClass
    public static void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void theApiAnswersOnTheSecurePortToAClientTrustingTheExportedCertificate() throws Exception {
        HttpClient client = trusting(pem);
        HttpResponse<String> health = client.send(request("/api/v1/health").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("UP", Http.JSON.readTree(health.body()).get("status").asText());

        String body = "{\"statType\":\"AgentsReady\",\"object\":{\"tenant\":\"demo\",\"type\":\"Tenant\",\"id\":\"demo\"},"
                + "\"timeProfile\":\"Always\"}";
        HttpResponse<String> peek = client.send(request("/api/v1/stats/peek").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(peek.body(), 200, peek.statusCode());
        assertTrue(peek.body(), Http.JSON.readTree(peek.body()).has("value"));

        HttpResponse<String> metrics = client.send(request("/metrics").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body(), metrics.body().contains("# TYPE switchboard_"));
    }

    @Test
    public void anEventStreamIsServedOverTls() throws Exception {
        HttpClient client = trusting(pem);
        String open = "{\"statType\":\"AgentsReady\",\"object\":{\"tenant\":\"demo\",\"type\":\"Tenant\",\"id\":\"demo\"},"
                + "\"timeProfile\":\"Always\",\"notification\":{\"mode\":\"changes\"}}";
        HttpResponse<String> opened = client.send(request("/api/v1/stats").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(open)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(opened.body(), 201, opened.statusCode());
        String ref = Http.JSON.readTree(opened.body()).get("ref").asText();
        HttpResponse<InputStream> stream = client.send(request("/api/v1/stats/stream?refs=" + ref)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        try (InputStream in = stream.body()) {
            // the stream's first value is sent at once: its first data line is there without any event
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!seen.toString().contains("data:") && System.nanoTime() < deadline) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                seen.append((char) c);
            }
            assertTrue("no event over TLS: " + seen, seen.toString().contains("data:"));
        }
    }

    @Test
    public void aClientThatDoesNotTrustTheCertificateGetsNoAnswer() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            client.send(request("/api/v1/health").build(), HttpResponse.BodyHandlers.ofString());
            fail("answered a client that does not trust the server's certificate");
        } catch (SSLHandshakeException expected) {
            // the JDK's default trust store does not know our self-signed certificate
        }
    }

    private static HttpRequest.Builder request(String path) {
        String basic = Base64.getEncoder().encodeToString(
                (ForkedServer.USER + ":" + ForkedServer.PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + securePort + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + basic);
    }

    private static HttpClient trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("switchboard", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + err);
        }
        return out;
    }
}
