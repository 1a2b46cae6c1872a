package io.switchboard.adapter.queuelog.internal;

import static org.junit.Assert.assertEquals;

import io.switchboard.api.event.CanonicalEvent;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/**
 * One table per queue_log event kind: hand-written lines in, the rendered events out
 * ({@code seq Type@tsMillis q= a= dn= c= r=}). Each case runs on a fresh mapper; the lines before the
 * last one set up state.
 */
public class QueueLogMapperEventsTest {

    /** A case: its lines and every event they must make, in order. */
    private record Case(String name, List<String> lines, List<String> expected) {
    }

    private static Case c(String name, String[] lines, String... expected) {
        return new Case(name, Arrays.asList(lines), Arrays.asList(expected));
    }

    private static String[] lines(String... l) {
        return l;
    }

    private static void check(Case... cases) {
        for (Case k : cases) {
            List<CanonicalEvent> events = Mapped.run(k.lines().toArray(new String[0]));
            assertEquals(k.name(), k.expected(), Mapped.render(events));
        }
    }

    private static final String ENTER = "1000|c1|sales|NONE|ENTERQUEUE||+15550001|1";

    @Test
    public void enterQueue() {
        check(
            c("ENTERQUEUE", lines(ENTER),
                "10 CallQueued@1000000 q=sales c=c1"),
            c("fractional epoch", lines("1000.25|c1|sales|NONE|ENTERQUEUE||+15550001|1"),
                "10 CallQueued@1000250 q=sales c=c1"),
            c("ENTERQUEUE again while waiting (not identical): nothing",
                lines(ENTER, "1001|c1|sales|NONE|ENTERQUEUE||+15550001|2"),
                "10 CallQueued@1000000 q=sales c=c1"),
            c("queued again after leaving counts again", lines(ENTER, "1005|c1|sales|NONE|EXITWITHKEY|1|1|5",
                "1006|c1|sales|NONE|ENTERQUEUE||+15550001|1"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallCleared@1005000 q=sales c=c1 r=EXITWITHKEY",
                "30 CallQueued@1006000 q=sales c=c1"),
            c("ENTERQUEUE without queue", lines("1000|c1|NONE|NONE|ENTERQUEUE||+1|1")));
    }

    @Test
    public void connect() {
        check(
            c("CONNECT 1.6+: hold, bridged uniqueid, ring time",
                lines(ENTER, "1012|c1|sales|SIP/201|CONNECT|12|c1.2|4"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallDiverted@1008000 q=sales dn=201 c=c1",
                "21 CallRinging@1008000 a=201 dn=201 c=c1",
                "22 CallEstablished@1012000 a=201 dn=201 c=c1"),
            c("CONNECT 1.2: hold time only, ring time unknown",
                lines(ENTER, "1012|c1|sales|Agent/201|CONNECT|12"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallDiverted@1012000 q=sales dn=201 c=c1",
                "21 CallRinging@1012000 a=201 dn=201 c=c1",
                "22 CallEstablished@1012000 a=201 dn=201 c=c1"),
            c("CONNECT with empty data1",
                lines(ENTER, "1012|c1|sales|PJSIP/201|CONNECT||c1.2|2"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallDiverted@1010000 q=sales dn=201 c=c1",
                "21 CallRinging@1010000 a=201 dn=201 c=c1",
                "22 CallEstablished@1012000 a=201 dn=201 c=c1"),
            c("ring time longer than the wait: clamped to the call's previous event",
                lines(ENTER, "1003|c1|sales|SIP/201|CONNECT|3|c1.2|30"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallDiverted@1000000 q=sales dn=201 c=c1",
                "21 CallRinging@1000000 a=201 dn=201 c=c1",
                "22 CallEstablished@1003000 a=201 dn=201 c=c1"),
            c("CONNECT of a call never queued here (file starts mid-call)",
                lines("1012|c9|sales|Ann Lee|CONNECT|12|c9.2|2"),
                "10 CallDiverted@1010000 q=sales dn=Ann Lee c=c9",
                "11 CallRinging@1010000 a=Ann Lee dn=Ann Lee c=c9",
                "12 CallEstablished@1012000 a=Ann Lee dn=Ann Lee c=c9"),
            c("CONNECT without agent", lines(ENTER, "1012|c1|sales|NONE|CONNECT|12|c1.2|4"),
                "10 CallQueued@1000000 q=sales c=c1"));
    }

    @Test
    public void complete() {
        String connect = "1012|c1|sales|SIP/201|CONNECT|12|c1.2|2";
        check(
            c("COMPLETEAGENT", lines(ENTER, connect, "1100|c1|sales|SIP/201|COMPLETEAGENT|12|88|1"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallDiverted@1010000 q=sales dn=201 c=c1",
                "21 CallRinging@1010000 a=201 dn=201 c=c1",
                "22 CallEstablished@1012000 a=201 dn=201 c=c1",
                "30 CallReleased@1100000 a=201 dn=201 c=c1"),
            c("COMPLETECALLER, repeated: released once",
                lines(connect, "1100|c1|sales|SIP/201|COMPLETECALLER|12|88|1",
                    "1100|c1|sales|SIP/201|COMPLETECALLER|12|88|4"),
                "10 CallDiverted@1010000 q=sales dn=201 c=c1",
                "11 CallRinging@1010000 a=201 dn=201 c=c1",
                "12 CallEstablished@1012000 a=201 dn=201 c=c1",
                "20 CallReleased@1100000 a=201 dn=201 c=c1"),
            c("COMPLETE of a call never connected here", lines("1100|c7|sales|SIP/201|COMPLETEAGENT|12|88|1")),
            c("COMPLETE at another agent than the connected one",
                lines(connect, "1100|c1|sales|SIP/202|COMPLETEAGENT|12|88|1"),
                "10 CallDiverted@1010000 q=sales dn=201 c=c1",
                "11 CallRinging@1010000 a=201 dn=201 c=c1",
                "12 CallEstablished@1012000 a=201 dn=201 c=c1"),
            c("COMPLETE going back in time: clamped",
                lines(connect, "1005|c1|sales|SIP/201|COMPLETEAGENT|12|0|1"),
                "10 CallDiverted@1010000 q=sales dn=201 c=c1",
                "11 CallRinging@1010000 a=201 dn=201 c=c1",
                "12 CallEstablished@1012000 a=201 dn=201 c=c1",
                "20 CallReleased@1012000 a=201 dn=201 c=c1"));
    }

    @Test
    public void transfer() {
        String connect = "1012|c1|sales|SIP/201|CONNECT|12|c1.2|0";
        String[] prefix = {"10 CallDiverted@1012000 q=sales dn=201 c=c1", "11 CallRinging@1012000 a=201 dn=201 c=c1",
            "12 CallEstablished@1012000 a=201 dn=201 c=c1"};
        for (String t : new String[] {"TRANSFER|300|default|12|40", "BLINDTRANSFER|||12|40|1",
            "ATTENDEDTRANSFER|BRIDGE|x|12|40|1"}) {
            List<CanonicalEvent> ev = Mapped.run(connect, "1052|c1|sales|SIP/201|" + t);
            assertEquals(t, List.of(prefix[0], prefix[1], prefix[2], "20 CallReleased@1052000 a=201 dn=201 c=c1"),
                Mapped.render(ev));
        }
    }

    @Test
    public void abandonAndCleared() {
        check(
            c("ABANDON", lines(ENTER, "1030|c1|sales|NONE|ABANDON|1|1|30"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallAbandoned@1030000 q=sales c=c1"),
            c("EXITWITHTIMEOUT", lines(ENTER, "1300|c1|sales|NONE|EXITWITHTIMEOUT|1|2|300"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallCleared@1300000 q=sales c=c1 r=EXITWITHTIMEOUT"),
            c("EXITWITHKEY", lines(ENTER, "1010|c1|sales|NONE|EXITWITHKEY|5|1"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallCleared@1010000 q=sales c=c1 r=EXITWITHKEY"),
            c("EXITEMPTY", lines(ENTER, "1001|c1|sales|NONE|EXITEMPTY|1|1|1"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallCleared@1001000 q=sales c=c1 r=EXITEMPTY"),
            c("ABANDON of a call this stream never saw: emitted",
                lines("1030|c5|sales|NONE|ABANDON|1|1|30"),
                "10 CallAbandoned@1030000 q=sales c=c5"),
            c("ABANDON after the call was answered: nothing more",
                lines(ENTER, "1012|c1|sales|SIP/201|CONNECT|12|c1.2|0", "1030|c1|sales|NONE|ABANDON|1|1|30"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallDiverted@1012000 q=sales dn=201 c=c1",
                "21 CallRinging@1012000 a=201 dn=201 c=c1",
                "22 CallEstablished@1012000 a=201 dn=201 c=c1"),
            c("ABANDON going back in time: clamped", lines(ENTER, "999|c1|sales|NONE|ABANDON|1|1|0"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallAbandoned@1000000 q=sales c=c1"));
    }

    @Test
    public void ringNoAnswer() {
        check(
            c("RINGNOANSWER (ms): ringing then released, the call stays queued",
                lines(ENTER, "1015|c1|sales|SIP/201|RINGNOANSWER|15000"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallRinging@1000000 a=201 dn=201 c=c1",
                "21 CallReleased@1015000 a=201 dn=201 c=c1"),
            c("RINGNOANSWER shorter than the wait",
                lines(ENTER, "1015|c1|sales|SIP/201|RINGNOANSWER|4500"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallRinging@1010500 a=201 dn=201 c=c1",
                "21 CallReleased@1015000 a=201 dn=201 c=c1"),
            c("RINGNOANSWER 0 (fixture)", lines(ENTER, "1000|c1|sales|John Rembold|RINGNOANSWER|0"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallRinging@1000000 a=John Rembold dn=John Rembold c=c1",
                "21 CallReleased@1000000 a=John Rembold dn=John Rembold c=c1"),
            c("then answered elsewhere: still distributed from the queue",
                lines(ENTER, "1010|c1|sales|SIP/201|RINGNOANSWER|10000", "1020|c1|sales|SIP/202|CONNECT|20|c1.3|5"),
                "10 CallQueued@1000000 q=sales c=c1",
                "20 CallRinging@1000000 a=201 dn=201 c=c1",
                "21 CallReleased@1010000 a=201 dn=201 c=c1",
                "30 CallDiverted@1015000 q=sales dn=202 c=c1",
                "31 CallRinging@1015000 a=202 dn=202 c=c1",
                "32 CallEstablished@1020000 a=202 dn=202 c=c1"));
    }

    @Test
    public void loginAndLogout() {
        check(
            c("ADDMEMBER: login + ready",
                lines("2000|MANAGER|sales|SIP/201|ADDMEMBER|"),
                "10 AgentLogin@2000000 q=sales a=201 dn=201",
                "11 AgentReady@2000000 a=201 dn=201"),
            c("second queue: no second login; removal from one queue: still logged in; from the last: logout",
                lines("2000|MANAGER|sales|SIP/201|ADDMEMBER|", "2001|MANAGER|support|Local/201@from-queue/n|ADDMEMBER|",
                    "2002|MANAGER|sales|SIP/201|REMOVEMEMBER|", "2003|MANAGER|support|SIP/201|REMOVEMEMBER|"),
                "10 AgentLogin@2000000 q=sales a=201 dn=201",
                "11 AgentReady@2000000 a=201 dn=201",
                "40 AgentLogout@2003000 a=201 dn=201"),
            c("ADDMEMBER again to the same queue (after QUEUESTART): nothing",
                lines("2000|MANAGER|sales|SIP/201|ADDMEMBER|", "2100|NONE|NONE|NONE|QUEUESTART|",
                    "2101|MANAGER|sales|SIP/201|ADDMEMBER|"),
                "10 AgentLogin@2000000 q=sales a=201 dn=201",
                "11 AgentReady@2000000 a=201 dn=201"),
            c("AGENTLOGIN (queue NONE) / AGENTLOGOFF",
                lines("2000|c1|NONE|Agent/201|AGENTLOGIN|SIP/201-0001", "2500|c1|NONE|Agent/201|AGENTLOGOFF|SIP/201-0001|500"),
                "10 AgentLogin@2000000 a=201 dn=201",
                "11 AgentReady@2000000 a=201 dn=201",
                "20 AgentLogout@2500000 a=201 dn=201"),
            c("AGENTLOGOFF logs out whatever the queues",
                lines("2000|MANAGER|sales|SIP/201|ADDMEMBER|", "2500|c1|NONE|Agent/201|AGENTLOGOFF|x|500",
                    "2501|MANAGER|sales|SIP/201|REMOVEMEMBER|"),
                "10 AgentLogin@2000000 q=sales a=201 dn=201",
                "11 AgentReady@2000000 a=201 dn=201",
                "20 AgentLogout@2500000 a=201 dn=201"),
            c("PBXware: ADDMEMBER + AGENTCALLBACKLOGIN, REMOVEMEMBER + AGENTCALLBACKLOGOFF: one login, one logout",
                lines("2000|u1|IT|Local/1127@callback-agent|ADDMEMBER", "2000|u1|NONE|Agent/1127|AGENTCALLBACKLOGIN|hint:1127@default",
                    "2900|u2|IT|Local/1127@callback-agent|REMOVEMEMBER", "2900|u2|NONE|Agent/1127|AGENTCALLBACKLOGOFF|hint:1127@default|900"),
                "10 AgentLogin@2000000 q=IT a=1127 dn=1127",
                "11 AgentReady@2000000 a=1127 dn=1127",
                "40 AgentLogout@2900000 a=1127 dn=1127"),
            c("REMOVEMEMBER / AGENTLOGOFF of an agent not logged in: nothing",
                lines("2000|MANAGER|sales|SIP/201|REMOVEMEMBER|", "2000|x|NONE|Agent/201|AGENTLOGOFF|x|1")));
    }

    @Test
    public void pauseAndUnpause() {
        String add = "2000|MANAGER|sales|SIP/201|ADDMEMBER|";
        check(
            c("PAUSE with reason, UNPAUSE",
                lines(add, "2010|NONE|sales|SIP/201|PAUSE|Lunch", "2020|NONE|sales|SIP/201|UNPAUSE|"),
                "10 AgentLogin@2000000 q=sales a=201 dn=201",
                "11 AgentReady@2000000 a=201 dn=201",
                "20 AgentNotReady@2010000 a=201 dn=201 r=Lunch",
                "30 AgentReady@2020000 a=201 dn=201"),
            c("PAUSE without reason; the same PAUSE on a second queue changes nothing; another reason does",
                lines(add, "2010|NONE|sales|SIP/201|PAUSE|", "2010|NONE|support|SIP/201|PAUSE|",
                    "2011|NONE|sales|SIP/201|PAUSE|Break"),
                "10 AgentLogin@2000000 q=sales a=201 dn=201",
                "11 AgentReady@2000000 a=201 dn=201",
                "20 AgentNotReady@2010000 a=201 dn=201",
                "40 AgentNotReady@2011000 a=201 dn=201 r=Break"),
            c("PAUSEALL / UNPAUSEALL (queue NONE) once per agent, then per-queue lines change nothing",
                lines(add, "2010|NONE|NONE|SIP/201|PAUSEALL|", "2010|NONE|sales|SIP/201|PAUSE|",
                    "2020|NONE|NONE|SIP/201|UNPAUSEALL|", "2020|NONE|sales|SIP/201|UNPAUSE|"),
                "10 AgentLogin@2000000 q=sales a=201 dn=201",
                "11 AgentReady@2000000 a=201 dn=201",
                "20 AgentNotReady@2010000 a=201 dn=201",
                "40 AgentReady@2020000 a=201 dn=201"),
            c("UNPAUSE right after ADDMEMBER: already ready",
                lines(add, "2000|NONE|sales|SIP/201|UNPAUSE|"),
                "10 AgentLogin@2000000 q=sales a=201 dn=201",
                "11 AgentReady@2000000 a=201 dn=201"),
            c("PAUSE of an agent never seen logging in (file starts mid-day): emitted",
                lines("2010|NONE|sales|Ann Lee|PAUSE|Meeting"),
                "10 AgentNotReady@2010000 a=Ann Lee dn=Ann Lee r=Meeting"));
    }

    @Test
    public void noCallIdAndNoise() {
        check(
            c("call events with callid NONE, MANAGER, REALTIME or empty make nothing",
                lines("1000|NONE|sales|NONE|ENTERQUEUE||1|1", "1000|MANAGER|sales|SIP/201|CONNECT|1|x|1",
                    "1000|REALTIME|sales|NONE|ABANDON|1|1|1", "1000||sales|SIP/201|COMPLETEAGENT|1|1|1")),
            c("CONFIGRELOAD, QUEUESTART, DID, OUTDIAL make nothing",
                lines("1000|NONE|NONE|NONE|CONFIGRELOAD|", "1000|NONE|NONE|NONE|QUEUESTART",
                    "1000|c1|sales|NONE|DID|7777", "1000|c2|NONE|Agent/1127|OUTDIAL|881142")));
    }
}
