package io.switchboard.adapter.tcp.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Paths;
import org.junit.After;
import org.junit.Test;

/** Where the configured key store is looked for. */
public class TcpAdapterComponentTest {

    private final String etc = System.getProperty("karaf.etc");

    @After
    public void restore() {
        if (etc == null) {
            System.clearProperty("karaf.etc");
        } else {
            System.setProperty("karaf.etc", etc);
        }
    }

    @Test
    public void aRelativeKeystoreIsUnderKarafEtcAndAnAbsoluteOneStaysAsItIs() {
        System.setProperty("karaf.etc", "/opt/switchboard/etc");
        assertEquals(Paths.get("/opt/switchboard/etc/switchboard-tls.p12").toString(),
                TcpAdapterComponent.etcPath("switchboard-tls.p12"));
        assertEquals(Paths.get("/srv/keys/tcp.p12").toString(), TcpAdapterComponent.etcPath("/srv/keys/tcp.p12"));
    }
}
