package io.switchboard.engine.internal.core;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class MaskTest {

    @Test
    public void aMaskOfOneNameMatchesThatNameOnly() {
        Mask m = Mask.parse(List.of("CallInbound"));
        assertTrue(m.matches("CallInbound"));
        assertTrue(m.matches(new String("CallInbound")));
        assertFalse(m.matches("CallOutbound"));
        assertFalse(m.matches(null));
    }

    @Test
    public void namesExclusionsAndStarCombineAsTheSpecSays() {
        Mask two = Mask.parse(List.of("CallInbound", "CallOutbound"));
        assertTrue(two.matches("CallOutbound"));
        assertFalse(two.matches("CallRinging"));
        Mask allBut = Mask.parse(List.of("~CallInbound"));
        assertFalse(allBut.matches("CallInbound"));
        assertTrue(allBut.matches("CallRinging"));
        Mask starBut = Mask.parse(List.of("*", "~AfterCallWork"));
        assertTrue(starBut.matches("CallInbound"));
        assertFalse(starBut.matches("AfterCallWork"));
        Mask nameBut = Mask.parse(List.of("CallInbound", "~CallInbound"));
        assertFalse(nameBut.matches("CallInbound"));
        assertFalse(Mask.parse(List.of()).matches("CallInbound"));
    }

    @Test
    public void anUnknownNameIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mask.parse(List.of("CallInbound", "NoSuchAction")));
        assertTrue(e.getMessage(), e.getMessage().contains("NoSuchAction"));
    }
}
