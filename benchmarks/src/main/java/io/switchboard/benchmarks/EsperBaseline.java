package io.switchboard.benchmarks;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.common.client.fireandforget.EPFireAndForgetQueryResult;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompiler;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An Esper runtime with the EPL of {@code statistics.epl}: the peer baseline. Event time drives
 * the sliding windows (internal timer off, the clock advanced to each event's ts), and
 * prioritized execution makes statements that share an event run in a fixed order, as the
 * engine's state machines do.
 */
public final class EsperBaseline implements AutoCloseable {

    private static final AtomicInteger RUNS = new AtomicInteger();
    /** Compiled once per JVM: compiling is Esper's setup, not its per-event cost. */
    private static EPCompiled compiled;
    private static Configuration configuration;

    private final EPRuntime runtime;
    private final EPEventService events;
    private final EPDeployment deployment;
    private long clock = Long.MIN_VALUE;

    public EsperBaseline() {
        Configuration config = configuration();
        runtime = EPRuntimeProvider.getRuntime("sb-esper-" + RUNS.incrementAndGet(), config);
        runtime.initialize();
        try {
            deployment = runtime.getDeploymentService().deploy(compiled());
        } catch (EPDeployException e) {
            throw new IllegalStateException("Esper deployment failed: " + e.getMessage(), e);
        }
        events = runtime.getEventService();
        for (int g = 1; g <= Workload.GROUPS; g++) {
            for (String a : Workload.membersOf(g)) {
                events.sendEventBean(new EsperEvent.Member(a, Workload.group(g)), "Member");
            }
        }
    }

    private static synchronized Configuration configuration() {
        if (configuration == null) {
            Configuration c = new Configuration();
            c.getCommon().addEventType("Ev", EsperEvent.class);
            c.getCommon().addEventType("Member", EsperEvent.Member.class);
            c.getRuntime().getThreading().setInternalTimerEnabled(false);
            c.getRuntime().getExecution().setPrioritized(true);
            configuration = c;
        }
        return configuration;
    }

    private static synchronized EPCompiled compiled() {
        if (compiled == null) {
            try (InputStream in = EsperBaseline.class.getResourceAsStream("statistics.epl")) {
                String epl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                compiled = EPCompilerProvider.getCompiler().compile(epl, new CompilerArguments(configuration()));
            } catch (IOException | EPCompileException e) {
                throw new IllegalStateException("statistics.epl does not compile: " + e.getMessage(), e);
            }
        }
        return compiled;
    }

    public void send(EsperEvent e) {
        if (e.getTs() != clock) {
            clock = e.getTs();
            events.advanceTime(clock);
        }
        events.sendEventBean(e, "Ev");
    }

    public void sendAll(List<EsperEvent> batch) {
        for (EsperEvent e : batch) {
            send(e);
        }
    }

    // ---------------------------------------------------------------- reading (not measured)

    /** Rows of a table, by key column: {key -> {column -> value}}. */
    public Map<String, Map<String, Object>> table(String table, String keyColumn) {
        CompilerArguments args = new CompilerArguments(configuration());
        args.getPath().add(runtime.getRuntimePath());
        EPCompiler compiler = EPCompilerProvider.getCompiler();
        try {
            EPCompiled q = compiler.compileQuery("select * from " + table, args);
            EPFireAndForgetQueryResult result = runtime.getFireAndForgetService().executeQuery(q);
            Map<String, Map<String, Object>> rows = new HashMap<>();
            for (EventBean b : result.getArray()) {
                Map<String, Object> row = new HashMap<>();
                for (String p : b.getEventType().getPropertyNames()) {
                    row.put(p, b.get(p));
                }
                rows.put(keyColumn == null ? "" : String.valueOf(b.get(keyColumn)), row);
            }
            return rows;
        } catch (EPCompileException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of a named aggregation statement's iterator, by key column. */
    public Map<String, Map<String, Object>> statement(String name, String keyColumn) {
        EPStatement s = runtime.getDeploymentService().getStatement(deployment.getDeploymentId(), name);
        Map<String, Map<String, Object>> rows = new HashMap<>();
        for (Iterator<EventBean> it = s.iterator(); it.hasNext();) {
            EventBean b = it.next();
            Map<String, Object> row = new HashMap<>();
            for (String p : b.getEventType().getPropertyNames()) {
                row.put(p, b.get(p));
            }
            rows.put(keyColumn == null ? "" : String.valueOf(b.get(keyColumn)), row);
        }
        return rows;
    }

    public int statementCount() {
        return deployment.getStatements().length;
    }

    @Override
    public void close() {
        runtime.destroy();
    }
}
