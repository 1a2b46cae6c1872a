package io.switchboard.engine.internal.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class StatsCodecsTest {

    private static Partial roundTrip(Partial p) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StatsCodecs.PARTIAL.write(new DataOutputStream(bytes), p);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        Partial back = StatsCodecs.PARTIAL.read(in);
        assertEquals("every byte read", -1, in.read());
        return back;
    }

    private static long pick(Random r) {
        switch (r.nextInt(5)) {
            case 0:
                return 0;
            case 1:
                return r.nextInt(100);
            case 2:
                return -1 - r.nextInt(3);
            case 3:
                return r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE + 1;
            default:
                return r.nextLong();
        }
    }

    private static List<Partial.Sel> sels(Random r) {
        List<Partial.Sel> out = new ArrayList<>();
        long end = 1_780_000_000_000L + r.nextInt(1_000_000);
        for (int i = r.nextInt(4) == 0 ? 0 : r.nextInt(21); i > 0; i--) {
            end += r.nextInt(60_000);
            long d = r.nextInt(600_000);
            out.add(new Partial.Sel(end, end - d - r.nextInt(3), d, r.nextBoolean()));
        }
        return out;
    }

    @Test
    public void everyPartialComesBackAsItWasWritten() throws IOException {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Partial p = new Partial(r.nextBoolean(), r.nextBoolean(), pick(r), pick(r), pick(r), pick(r), pick(r),
                    pick(r), pick(r), pick(r), pick(r), r.nextBoolean() ? null : pick(r), r.nextInt(3) == 0 ? 0 : 20,
                    r.nextBoolean(), sels(r), sels(r));
            assertEquals(p.toString() + " " + p.selected + p.relSelected, roundTrip(p).toString() + " "
                    + roundTrip(p).selected + roundTrip(p).relSelected);
        }
    }

    @Test
    public void aNeutralPartialIsThreeBytesAndAddsNothingToAnAggregate() throws IOException {
        Partial empty = Partial.empty(TimeProfile.DEFAULT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StatsCodecs.PARTIAL.write(new DataOutputStream(bytes), empty);
        assertEquals(3, bytes.size());
        assertTrue(empty.neutralIn(TimeProfile.Type.GROWING));
        Partial some = new Partial(true, false, 3, 4_000, 2, 3_000, 2_000, 1, 2, 1, 500, null, 0, false, List.of(),
                List.of());
        assertFalse(some.neutralIn(TimeProfile.Type.GROWING));
        assertEquals(some.toString(), Partial.combine(java.util.Arrays.asList(null, some, empty, null),
                TimeProfile.DEFAULT).toString());
        assertFalse("a defined interval is news under SinceLogin", empty.neutralIn(TimeProfile.Type.SINCE_LOGIN));
    }
}
