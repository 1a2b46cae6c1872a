package io.switchboard.recording.internal;

import static org.junit.Assert.assertEquals;

import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingProfile;
import io.switchboard.api.recording.RecordingRules;
import io.switchboard.api.recording.Segment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.Test;

public class RecordingCodecsTest {

    private static <T> T roundTrip(GridCodec<T> codec, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(new DataOutputStream(bytes), value);
        return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    @Test
    public void aRecordingWithSegmentsSurvivesTheGridsWireForm() throws IOException {
        Recording r = new Recording("rec-1", "acme", "c1", "a1", "201", null, 1000, null, Recording.RECORDING,
                List.of(new Segment(0, "ms1", 1000, 3000L, 0, "acme/x/rec-1-0.sbr", 900, 10, false),
                        new Segment(1, "ms2", 3050, null, 50, "acme/x/rec-1-1.sbr", 300, 0, false)),
                true, "rm-1", List.of("201", "202"));
        assertEquals(r, roundTrip(RecordingCodecs.RECORDING, r));
        Recording done = r.withEnd(9000);
        assertEquals(done, roundTrip(RecordingCodecs.RECORDING, done));
    }

    @Test
    public void rulesSurviveTheGridsWireForm() throws IOException {
        RecordingRules rules = new RecordingRules(List.of("sales"), List.of("a1", "a2"), 12.5,
                new RecordingProfile("gold", true));
        assertEquals(rules, roundTrip(RecordingCodecs.RULES, rules));
        RecordingRules plain = new RecordingRules(List.of(), List.of(), 100, RecordingProfile.DEFAULT);
        assertEquals(plain, roundTrip(RecordingCodecs.RULES, plain));
    }
}
