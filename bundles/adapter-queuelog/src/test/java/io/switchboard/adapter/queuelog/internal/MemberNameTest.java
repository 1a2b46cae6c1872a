package io.switchboard.adapter.queuelog.internal;

import static org.junit.Assert.assertEquals;

import io.switchboard.api.event.CanonicalEvent;
import java.util.List;
import org.junit.Test;

/** Member names to agent ids. */
public class MemberNameTest {

    @Test
    public void technologyPrefixIsRemovedInAnyCase() {
        String[][] cases = {
            {"SIP/201", "201"},
            {"sip/201", "201"},
            {"PJSIP/201", "201"},
            {"IAX2/201", "201"},
            {"Local/201@from-queue/n", "201"},
            {"local/201@agents", "201"},
            {"LOCAL/201@ctx", "201"},
            {"Local/1127@callback-agent", "1127"},
            {"Agent/1127", "1127"},
            {"DAHDI/1", "1"},
            {" SIP/201 ", "201"},
            {"Ann Lee", "Ann Lee"},
            {"Tania Lissete Flores Zavala", "Tania Lissete Flores Zavala"},
            {"Agent 1", "Agent 1"},
            {"Sales/Team", "Sales/Team"},   // not a technology: left as it is
            {"SIP/", "SIP/"},               // nothing after the prefix: left as it is
        };
        for (String[] c : cases) {
            assertEquals(c[0], c[1], QueueLogMapper.memberId(c[0]));
        }
    }

    @Test
    public void oneMemberUnderSeveralNamesIsOneAgent() {
        List<CanonicalEvent> ev = Mapped.run(
            "1000|u1|IT|Local/1127@callback-agent|ADDMEMBER",
            "1000|u1|NONE|Agent/1127|AGENTCALLBACKLOGIN|hint:1127@default",
            "1010|c1|IT|NONE|ENTERQUEUE||+1555|1",
            "1015|c1|IT|Agent/1127|CONNECT|5|c1.2|3",
            "1020|c1|IT|SIP/1127|COMPLETEAGENT|5|5|1");
        assertEquals(List.of(
            "10 AgentLogin@1000000 q=IT a=1127 dn=1127",
            "11 AgentReady@1000000 a=1127 dn=1127",
            "30 CallQueued@1010000 q=IT c=c1",
            "40 CallDiverted@1012000 q=IT dn=1127 c=c1",
            "41 CallRinging@1012000 a=1127 dn=1127 c=c1",
            "42 CallEstablished@1015000 a=1127 dn=1127 c=c1",
            "50 CallReleased@1020000 a=1127 dn=1127 c=c1"), Mapped.render(ev));
    }

    @Test
    public void plainNamesIgnoreCaseAndKeepTheFirstSpelling() {
        List<CanonicalEvent> ev = Mapped.run(
            "1000|NONE|sales|Paty Marin|PAUSE|",
            "1001|NONE|sales|paty marin|UNPAUSE|",
            "1002|NONE|sales|PATY MARIN|PAUSE|x");
        assertEquals(List.of(
            "10 AgentNotReady@1000000 a=Paty Marin dn=Paty Marin",
            "20 AgentReady@1001000 a=Paty Marin dn=Paty Marin",
            "30 AgentNotReady@1002000 a=Paty Marin dn=Paty Marin r=x"), Mapped.render(ev));
    }

    /** FreePBX: ADDMEMBER under the interface, (UN)PAUSE and calls under the member name. */
    @Test
    public void memberNameFollowingAnAddMemberIsThatInterface() {
        List<CanonicalEvent> ev = Mapped.run(
            "1655723969|MANAGER|500|SIP/1001|ADDMEMBER|",
            "1655723969|NONE|NONE|Karthik|UNPAUSEALL|",
            "1655723969|NONE|500|Karthik|UNPAUSE|",
            "1655724041|MANAGER|500|SIP/1001|REMOVEMEMBER|",
            "1655789409|MANAGER|500|SIP/1001|ADDMEMBER|",
            "1655789409|NONE|NONE|karthik|UNPAUSEALL|",
            "1655789410|c1|500|NONE|ENTERQUEUE||1001|1",
            "1655789415|c1|500|karthik|CONNECT|5|c1.2|4",
            "1660632760|MANAGER|500|SIP/1000|ADDMEMBER|",
            "1660632760|NONE|NONE|Karthik|UNPAUSEALL|",
            "1660632770|NONE|500|Karthik|PAUSE|",
            "1660632800|NONE|500|Stranger|PAUSE|");
        assertEquals(List.of(
            "10 AgentLogin@1655723969000 q=500 a=1001 dn=1001",
            "11 AgentReady@1655723969000 a=1001 dn=1001",
            "40 AgentLogout@1655724041000 a=1001 dn=1001",
            "50 AgentLogin@1655789409000 q=500 a=1001 dn=1001",
            "51 AgentReady@1655789409000 a=1001 dn=1001",
            "70 CallQueued@1655789410000 q=500 c=c1",
            "80 CallDiverted@1655789411000 q=500 dn=1001 c=c1",
            "81 CallRinging@1655789411000 a=1001 dn=1001 c=c1",
            "82 CallEstablished@1655789415000 a=1001 dn=1001 c=c1",
            // the name moved to SIP/1000
            "90 AgentLogin@1660632760000 q=500 a=1000 dn=1000",
            "91 AgentReady@1660632760000 a=1000 dn=1000",
            "110 AgentNotReady@1660632770000 a=1000 dn=1000",
            // never paired with an interface: its own id
            "120 AgentNotReady@1660632800000 a=Stranger dn=Stranger"), Mapped.render(ev));
    }

    @Test
    public void noAliasOutsideTheWindow() {
        List<CanonicalEvent> ev = Mapped.run(
            "1000|MANAGER|500|SIP/1001|ADDMEMBER|",
            "1001|NONE|500|Sathish|PAUSE|");   // another second: not the member just added
        assertEquals("a=Sathish", Mapped.render(ev).get(2).split(" ")[2]);
    }
}
