package io.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.model.StatValue;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import javax.servlet.AsyncContext;
import javax.servlet.ServletOutputStream;
import javax.servlet.ServletResponse;
import javax.servlet.WriteListener;
import org.junit.Test;

public class SseClientTest {

    /** A stream that is always ready and records each write and flush. */
    private static final class Recording extends ServletOutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> writes = new ArrayList<>();
        int flushes;

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener l) {
        }

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            writes.add(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    private static AsyncContext asyncWriting(ServletOutputStream out) {
        ServletResponse response = (ServletResponse) Proxy.newProxyInstance(SseClientTest.class.getClassLoader(),
                new Class<?>[] {ServletResponse.class}, (p, m, a) -> m.getName().equals("getOutputStream") ? out : null);
        return (AsyncContext) Proxy.newProxyInstance(SseClientTest.class.getClassLoader(),
                new Class<?>[] {AsyncContext.class}, (p, m, a) -> m.getName().equals("getResponse") ? response : null);
    }

    @Test
    public void theNotifiersValuesAreWrittenOffItsThreadTogetherInOneWrite() throws Exception {
        Recording out = new Recording();
        ArrayDeque<Runnable> writer = new ArrayDeque<>();
        SseClient c = new SseClient(asyncWriting(out), "test", 30_000, () -> { }, writer::add);
        c.start();

        c.offer("a", new StatValue(1L, 0, false));
        c.offer("b", new StatValue(2L, 0, false));
        c.offer("a", new StatValue(3L, 0, false));
        assertEquals("nothing written on the offering thread", 0, out.writes.size());
        assertEquals("one write scheduled for all three", 1, writer.size());

        writer.poll().run();
        assertEquals(1, out.writes.size());
        String text = out.writes.get(0);
        assertTrue(text, text.indexOf("\"ref\":\"b\"") < text.indexOf("\"ref\":\"a\""));
        assertTrue("the latest value of a only", text.contains("\"value\":3") && !text.contains("\"value\":1"));
        assertEquals(1, out.flushes);

        c.offer("b", new StatValue(4L, 0, false));
        assertEquals("a later value is scheduled again", 1, writer.size());
    }

    @Test
    public void eachValueIsWrittenAsItsTreeFormUnderItsRef() throws Exception {
        java.util.Random random = new java.util.Random(11);
        java.util.List<Object> values = new java.util.ArrayList<>(java.util.Arrays.asList(null, 0L, -1L,
                Long.MAX_VALUE, 7, 0.0, -0.5, 1e-9, 123456.789, Double.NaN, Double.POSITIVE_INFINITY,
                new io.switchboard.api.model.ObjectState("Ready", 5L, java.util.List.of(
                        new io.switchboard.api.model.ObjectState.EndpointStatus("1001", "voice", "Busy", 3L, "c\"1")))));
        for (int i = 0; i < 200; i++) {
            values.add(random.nextBoolean() ? (Object) random.nextLong() : (Object) (random.nextDouble() * 1e6));
        }
        Recording out = new Recording();
        ArrayDeque<Runnable> writer = new ArrayDeque<>();
        SseClient c = new SseClient(asyncWriting(out), "test", 30_000, () -> { }, writer::add);
        c.start();
        StringBuilder want = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            StatValue v = new StatValue(values.get(i), 1_700_000_000_000L + i % 3, i % 5 == 0);
            String ref = "r" + i + (i % 7 == 0 ? "\u00e9\"" : "");
            c.offer(ref, v);
            com.fasterxml.jackson.databind.node.ObjectNode tree = Json.MAPPER.createObjectNode().put("ref", ref);
            tree.setAll(Json.statValue(v));
            want.append("event: stat\ndata: ").append(Json.MAPPER.writeValueAsString(tree)).append("\n\n");
        }
        writer.poll().run();
        assertEquals(want.toString(), String.join("", out.writes));
    }
}
