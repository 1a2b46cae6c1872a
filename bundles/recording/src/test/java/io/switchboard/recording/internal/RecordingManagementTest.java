package io.switchboard.recording.internal;

import static io.switchboard.api.event.EventType.CallEstablished;
import static io.switchboard.api.event.EventType.CallReleased;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.database.internal.EmbeddedDatabase;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The recording MBeans read and driven through the platform MBean server, as JConsole or Jolokia would. */
public class RecordingManagementTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private Fixture f;
    private EmbeddedDatabase db;
    private RecordingProcessor processor;
    private ObjectName plane;
    private ObjectName ms1;
    private ObjectName rm1;

    @Before
    public void setUp() throws Exception {
        System.setProperty("derby.stream.error.file", tmp.getRoot().toPath().resolve("derby.log").toString());
        db = new EmbeddedDatabase(tmp.getRoot().toPath().resolve("derby"));
        db.open();
        f = new Fixture(tmp.getRoot().toPath(), 2, 10, 100, new LocalState());
        processor = new RecordingProcessor(f.state, new RecordingCatalog(db, 1000));
        processor.start(0);
        RecordingComponent component = new RecordingComponent(f.control, processor, f.store);
        plane = new ObjectName("io.switchboard:type=Recording");
        ms1 = new ObjectName(MediaServerManagement.objectName("ms1"));
        rm1 = new ObjectName(ResourceManagerManagement.objectName("rm-1"));
        server.registerMBean(new RecordingManagement(component), plane);
        server.registerMBean(new MediaServerManagement(f.server("ms1")), ms1);
        server.registerMBean(new ResourceManagerManagement(f.control, "rm-1"), rm1);
    }

    @After
    public void tearDown() throws Exception {
        for (ObjectName n : new ObjectName[] {plane, ms1, rm1}) {
            if (n != null && server.isRegistered(n)) {
                server.unregisterMBean(n);
            }
        }
        processor.close();
        f.close();
        db.close();
    }

    private static Throwable cause(Exception e) {
        Throwable t = e;
        while (!(t instanceof MBeanException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    public void thePlaneItsMediaServersAndManagersReadAsTheyAre() throws Exception {
        f.control.putRules("acme", Fixture.all(false));
        f.control.healthRound();
        assertTrue((Boolean) server.getAttribute(rm1, "Alive"));
        assertFalse(((String) server.getAttribute(rm1, "LastHeartbeat")).isEmpty());
        f.send(CallEstablished, "c1", "201", "a1");
        f.send(CallEstablished, "c2", "202", "a2");
        assertEquals(2, server.getAttribute(plane, "ActiveRecordings"));
        assertEquals(2L, server.getAttribute(plane, "RecordingsStarted"));
        assertEquals(0L, server.getAttribute(plane, "Unrecorded"));
        assertTrue(((String) server.getAttribute(plane, "Store")).startsWith("disk:"));
        assertEquals(2, server.getAttribute(plane, "CatalogPending"));
        int onMs1 = (Integer) server.getAttribute(ms1, "Active");
        assertEquals(f.server("ms1").info().active(), onMs1);
        assertEquals(10, server.getAttribute(ms1, "Capacity"));
        assertEquals(onMs1 / 10.0, (Double) server.getAttribute(ms1, "Load"), 1e-9);
        assertTrue((Boolean) server.getAttribute(ms1, "Healthy"));
        assertEquals(2, (Integer) server.getAttribute(rm1, "Recordings")
                + f.control.managers().stream().filter(m -> m.name().equals("rm-2")).findFirst().orElseThrow()
                        .recordings());

        Fixture.await("audio on the media servers", Duration.ofSeconds(10),
                () -> f.state.recordings().values().stream().allMatch(r -> r.lastSegment().chunks() >= 1));
        f.send(CallReleased, "c1", "201", "a1");
        processor.flush();
        assertEquals(0, server.getAttribute(plane, "CatalogPending"));
        String[] found = (String[]) server.invoke(plane, "findRecordings", new Object[] {"acme", "c1", ""},
                new String[] {"java.lang.String", "java.lang.String", "java.lang.String"});
        assertEquals(1, found.length);
        assertTrue(found[0], found[0].contains("call c1 agent a1 done"));
        String id = found[0].substring(0, found[0].indexOf(' '));
        String described = (String) server.invoke(plane, "describeRecording", new Object[] {id},
                new String[] {"java.lang.String"});
        assertTrue(described, described.contains("segment 0 on ms") && described.contains("complete"));
    }

    @Test
    public void killingAMediaServerThroughJmxMovesItsCallsAndASecondKillFailsWithTheReason() throws Exception {
        f.control.putRules("acme", Fixture.all(false));
        for (int i = 0; i < 4; i++) {
            f.send(CallEstablished, "c" + i, "20" + i, "a" + i);
        }
        int had = (Integer) server.getAttribute(ms1, "Active");
        server.invoke(ms1, "kill", null, null);
        assertFalse((Boolean) server.getAttribute(ms1, "Healthy"));
        f.control.healthRound();
        assertEquals((long) had, server.getAttribute(plane, "Failovers"));
        assertEquals(4, f.server("ms2").info().active());
        try {
            server.invoke(ms1, "kill", null, null);
            fail("killed twice");
        } catch (Exception e) {
            Throwable t = cause(e);
            assertTrue(t.toString(), t instanceof MBeanException);
            assertTrue(t.getMessage(), t.getMessage().contains("media server ms1 is down already"));
        }
    }

    @Test
    public void killingAManagerThroughJmxLeavesItDeadAndAnUnknownRecordingIsAnMBeanException() throws Exception {
        f.control.healthRound();
        server.invoke(rm1, "kill", null, null);
        assertFalse((Boolean) server.getAttribute(rm1, "Alive"));
        try {
            server.invoke(rm1, "kill", null, null);
            fail("killed twice");
        } catch (Exception e) {
            assertTrue(cause(e).getMessage(), cause(e).getMessage().contains("rm-1 is not running"));
        }
        try {
            server.invoke(plane, "describeRecording", new Object[] {"rec-none"}, new String[] {"java.lang.String"});
            fail("described an unknown recording");
        } catch (Exception e) {
            Throwable t = cause(e);
            assertTrue(t.toString(), t instanceof MBeanException);
            assertTrue(t.getMessage(), t.getMessage().contains("no recording rec-none"));
        }
    }
}
