package io.switchboard.adapter.tcp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The event port with tls=true: the protocol over TLS with the configured key store, and no plain TCP. */
public class TcpAdapterTlsTest {

    private static final int PORT = 17031;
    private static final String PASSWORD = "changeit";

    /** One key store for all tests: keytool takes seconds on a busy machine. */
    @ClassRule
    public static final TemporaryFolder dir = new TemporaryFolder();
    private static Path keystore;

    private final TcpAdapterTest.RecordingIngest ingest = new TcpAdapterTest.RecordingIngest();
    private DefaultCamelContext camel;
    private TcpAdapter adapter;

    /** The keytool command the README shows, run from this JDK. */
    private static void keytool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("keytool finished", p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(output, 0, p.exitValue());
    }

    @BeforeClass
    public static void generateKeystore() throws Exception {
        keystore = dir.getRoot().toPath().resolve("switchboard-tls.p12");
        keytool("-genkeypair", "-alias", "switchboard", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    }

    @Before
    public void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        TcpSession.Limits limits = new TcpSession.Limits(64 * 1024, 100, 1000, s -> null, false);
        adapter = new TcpAdapter(new TcpAdapter.Settings("127.0.0.1", PORT, 3, 0, 100, 1, limits), ingest,
                System::currentTimeMillis)
                .tls(new TcpAdapter.Tls(keystore.toString(), PASSWORD, "PKCS12"));
        adapter.start(camel);
    }

    @After
    public void stop() throws Exception {
        adapter.stop();
        camel.close();
    }

    /** A client that trusts exactly the certificate in the generated key store. */
    private SSLContext trustingOurCertificate() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    private static String event(long seq) {
        return "{\"type\":\"AgentLogin\",\"source\":\"pbx\",\"seq\":" + seq + "}";
    }

    @Test
    public void eventsOverTlsAreAcked() throws Exception {
        try (SSLSocket socket = (SSLSocket) trustingOurCertificate().getSocketFactory().createSocket("127.0.0.1",
                PORT)) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            StringBuilder lines = new StringBuilder("{\"hello\":\"pbx\"}\n");
            for (int seq = 1; seq <= 3; seq++) {
                lines.append(event(seq)).append('\n');
            }
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("{\"source\":\"pbx\",\"lastSeq\":0}", in.readLine());
            String line;
            while ((line = in.readLine()) != null && !line.equals("{\"ack\":3}")) {
                assertTrue(line, line.startsWith("{\"ack\":"));
            }
            assertEquals("{\"ack\":3}", line);
        }
        assertEquals(3, ingest.applied.size());
    }

    @Test
    public void aPlainTcpClientOnTheTlsPortGetsNoAnswerAndNothingIsIngested() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", PORT)) {
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            out.write(("{\"hello\":\"pbx\"}\n" + event(1) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer;
            try {
                answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException closedOrSilent) {
                answer = null;
            }
            if (answer != null && answer.contains("\"source\":\"pbx\"")) {
                fail("plain TCP was served on the TLS port: " + answer);
            }
        }
        assertEquals(0, ingest.applied.size());
        assertEquals(0, ingest.lastSeq("pbx"));
    }

    @Test
    public void aMissingKeystoreFailsTheStartInsteadOfServingPlainTcp() throws Exception {
        TcpSession.Limits limits = new TcpSession.Limits(64 * 1024, 100, 1000, s -> null, false);
        TcpAdapter broken = new TcpAdapter(new TcpAdapter.Settings("127.0.0.1", PORT + 1, 3, 0, 100, 1, limits),
                ingest, System::currentTimeMillis)
                .tls(new TcpAdapter.Tls(dir.getRoot().toPath().resolve("absent.p12").toString(), PASSWORD, "PKCS12"));
        try {
            broken.start(camel);
            fail("started without its key store");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("absent.p12"));
        } finally {
            broken.stop();
        }
    }
}
