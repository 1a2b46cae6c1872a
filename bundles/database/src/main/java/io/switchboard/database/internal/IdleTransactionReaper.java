package io.switchboard.database.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the network sessions whose transaction has written and then sat idle (no statement
 * running) for longer than a limit, as PostgreSQL's {@code idle_in_transaction_session_timeout}
 * does. A client process paused (SIGSTOP, a long GC, a frozen VM) inside a transaction keeps its
 * row locks for as long as the pause lasts, because its kernel keeps the TCP connection alive:
 * the partner of an Interaction Server pair could then neither read nor take the lease row the
 * paused primary had fenced, nor draw ids from the counter row it had updated. Derby has no
 * procedure that ends another session, so this closes the session's socket on the server side:
 * Derby's session thread sees the connection end, rolls the transaction back and releases its
 * locks, exactly as for a client that died. The paused client's next statement fails with an
 * 08xxx state; nothing it had not committed is kept, and nothing it had not committed was
 * acknowledged by it.
 *
 * <p>Derby's network server has no public view of its sessions, so the sessions are read from its
 * internals by reflection (Derby 10.16: the server's connection threads, their session,
 * Session.database/clientSocket, Database.conn, the connection's language context). Should a
 * later Derby change those, {@link #available} turns false, the reaper logs once and does
 * nothing: the pause then holds the locks, as before.
 */
final class IdleTransactionReaper {

    private static final Logger LOG = LoggerFactory.getLogger(IdleTransactionReaper.class);

    /** What one look at a session saw. */
    record Seen(int session, String transaction, boolean idleInWrite) {
    }

    private final long limitNanos;
    private final LongSupplier ticker;
    /** Per session: the written transaction seen idle, and since when (ticker) it was seen so without a break. */
    private final Map<Integer, Object[]> watched = new HashMap<>();
    private boolean available = true;
    private long reaped;

    IdleTransactionReaper(long limitMillis, LongSupplier ticker) {
        this.limitNanos = limitMillis * 1_000_000L;
        this.ticker = ticker;
    }

    boolean available() {
        return available;
    }

    long reaped() {
        return reaped;
    }

    /**
     * Decides on one round of looks: returns the sessions to end. A session is ended only when
     * the same written transaction was seen idle in every round for the whole limit; a statement
     * running (one waiting for a lock included), a commit or a rollback in between starts over.
     */
    List<Integer> decide(List<Seen> round) {
        long now = ticker.getAsLong();
        Map<Integer, Object[]> next = new HashMap<>();
        List<Integer> end = new ArrayList<>();
        for (Seen s : round) {
            if (!s.idleInWrite()) {
                continue;
            }
            Object[] w = watched.get(s.session());
            if (w == null || !w[0].equals(s.transaction())) {
                w = new Object[] { s.transaction(), now };
            }
            if (now - (long) w[1] >= limitNanos) {
                end.add(s.session());
            } else {
                next.put(s.session(), w);
            }
        }
        watched.clear();
        watched.putAll(next);
        return end;
    }

    /** One round against a running server: looks at every session, ends the stuck ones. */
    void sweep(int port) {
        if (!available) {
            return;
        }
        try {
            Map<Integer, Object[]> sessions = sessions(port);
            List<Seen> round = new ArrayList<>();
            for (Map.Entry<Integer, Object[]> e : sessions.entrySet()) {
                Seen s;
                try {
                    s = look(e.getKey(), e.getValue()[0], (Thread) e.getValue()[1]);
                } catch (java.lang.reflect.InvocationTargetException | RuntimeException racing) {
                    // the session is closing or changed under the look: the next round sees it again
                    s = null;
                }
                if (s != null) {
                    round.add(s);
                }
            }
            for (Integer id : decide(round)) {
                Object session = sessions.get(id)[0];
                Socket socket = (Socket) field(session.getClass(), "clientSocket").get(session);
                LOG.warn("Derby network server: ending session {} from {}: its transaction wrote and then sat idle for "
                        + "more than {} ms (a paused client holding row locks); Derby rolls it back", id,
                        socket.getRemoteSocketAddress(), limitNanos / 1_000_000L);
                socket.close();
                reaped++;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            available = false;
            LOG.error("Derby network server: cannot look at its sessions ({}); transactions left idle by paused clients "
                    + "keep their locks until the client resumes", e.toString());
        } catch (java.io.IOException e) {
            LOG.warn("Derby network server: closing a stuck session failed: {}", e.getMessage());
        }
    }

    /**
     * The sessions being served now on {@code port}, by connection number. The server object that
     * holds them is not reachable from {@link NetworkServerControl} (Derby's starter keeps it), but
     * each of its connection threads is a thread of this JVM holding its session or none.
     */
    private static Map<Integer, Object[]> sessions(int port) throws ReflectiveOperationException {
        Map<Integer, Object[]> out = new HashMap<>();
        for (Thread t : liveThreads()) {
            if (!t.getClass().getName().equals("org.apache.derby.impl.drda.DRDAConnThread")) {
                continue;
            }
            Object session = field(t.getClass(), "session").get(t);
            if (session == null) {
                continue;
            }
            Socket socket = (Socket) field(session.getClass(), "clientSocket").get(session);
            if (socket != null && socket.getLocalPort() == port) {
                out.put((Integer) field(session.getClass(), "connNum").get(session), new Object[] { session, t });
            }
        }
        return out;
    }

    /**
     * This JVM's threads, from the root thread group. Not {@link Thread#getAllStackTraces}: that
     * stops every thread at a safepoint and walks each one's stack, every sweep, only for the keys;
     * here only a session that wrote has its one thread's stack taken ({@link #waitsForItsClient}).
     */
    static List<Thread> liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 32];
        int n;
        // a group whose threads grew past the array between the count and the copy: larger again
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return java.util.Arrays.asList(threads).subList(0, n);
    }

    /** Null for a session without a database connection yet (or closed). */
    private static Seen look(int id, Object session, Thread thread) throws ReflectiveOperationException {
        Object database = field(session.getClass(), "database").get(session);
        if (database == null) {
            return null;
        }
        Object conn = field(database.getClass(), "conn").get(database);
        if (conn == null) {
            return null;
        }
        Object lcc = call(conn, "getLanguageConnection");
        if (lcc == null) {
            return null;
        }
        Object tc = call(lcc, "getTransactionExecute");
        if (tc == null) {
            return null;
        }
        // pristine: has not written since its last commit
        boolean wrote = !(Boolean) call(tc, "isPristine");
        String xid = String.valueOf(call(tc, "getTransactionIdString"));
        return new Seen(id, xid, wrote && waitsForItsClient(thread));
    }

    /**
     * Whether the session's thread waits for the next request of its client rather than runs one
     * (a statement waiting for a lock runs). Derby's language context keeps a statement context
     * between statements as well, so the thread's own stack tells: reading the client's request
     * in DDMReader and no embedded JDBC call under way.
     */
    static boolean waitsForItsClient(Thread thread) {
        boolean reading = false;
        for (StackTraceElement f : thread.getStackTrace()) {
            String c = f.getClassName();
            if (c.startsWith("org.apache.derby.impl.jdbc.") || c.startsWith("org.apache.derby.impl.sql.")) {
                return false;
            }
            if (c.equals("org.apache.derby.impl.drda.DDMReader")) {
                reading = true;
            }
        }
        return reading;
    }

    private static Object call(Object target, String name) throws ReflectiveOperationException {
        Method m = method(target.getClass(), name);
        return m.invoke(target);
    }

    private static Method method(Class<?> type, String name) throws NoSuchMethodException {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            for (Method m : t.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) {
                    m.setAccessible(true);
                    return m;
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            try {
                Field f = t.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException next) {
                // up the hierarchy
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
