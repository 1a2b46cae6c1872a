package io.switchboard.database.internal;

import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.time.Duration;
import org.apache.derby.drda.NetworkServerControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derby's network server in this JVM: it serves every database of this JVM's Derby system
 * ({@code derby.system.home}, names relative to it) to Derby clients elsewhere, such as the two
 * instances of an Interaction Server pair that run in other processes or on other hosts.
 */
public final class NetworkServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkServer.class);

    private final String host;
    private final int port;
    private final long idleInTransactionMillis;
    private NetworkServerControl control;
    private Thread reaper;

    public NetworkServer(String host, int port) {
        this(host, port, 0);
    }

    /**
     * @param idleInTransactionMillis a session whose transaction wrote and then sat idle longer is
     *     ended (see {@link IdleTransactionReaper}); 0 = never
     */
    public NetworkServer(String host, int port, long idleInTransactionMillis) {
        this.host = host;
        this.port = port;
        this.idleInTransactionMillis = idleInTransactionMillis;
    }

    /** Starts the server and waits until it answers a ping (Derby starts it on a thread of its own). */
    public void start(Duration timeout) throws Exception {
        control = new NetworkServerControl(InetAddress.getByName(host), port);
        control.start(new PrintWriter(new LogWriter(), true));
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        long pause = 20;
        while (System.nanoTime() < deadline) {
            try {
                control.ping();
                startReaper();
                return;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 500);
        }
        close();
        throw new IllegalStateException("the Derby network server on " + host + ":" + port + " did not answer within "
                + timeout + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private void startReaper() {
        if (idleInTransactionMillis <= 0) {
            return;
        }
        IdleTransactionReaper r = new IdleTransactionReaper(idleInTransactionMillis, System::nanoTime);
        long every = Math.max(20, idleInTransactionMillis / 5);
        reaper = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted() && r.available()) {
                r.sweep(port);
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "switchboard-derby-idle-transaction-reaper");
        reaper.setDaemon(true);
        reaper.start();
    }

    public String address() {
        return host + ":" + port;
    }

    /** Stops the server; the databases stay open for this JVM's embedded users. */
    @Override
    public void close() {
        if (reaper != null) {
            reaper.interrupt();
            reaper = null;
        }
        if (control == null) {
            return;
        }
        try {
            control.shutdown();
        } catch (Exception e) {
            LOG.warn("Derby network server on {}: shutdown failed: {}", address(), e.getMessage());
        }
        control = null;
    }

    /** Derby's console messages (start, stop, connection errors) go to our log, line by line. */
    private static final class LogWriter extends Writer {
        private final StringBuilder line = new StringBuilder();

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = buf[i];
                if (c == '\n') {
                    flushLine();
                } else if (c != '\r') {
                    line.append(c);
                }
            }
        }

        private void flushLine() {
            if (line.length() > 0) {
                LOG.info("Derby network server: {}", line);
                line.setLength(0);
            }
        }

        @Override
        public synchronized void flush() {
            flushLine();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
