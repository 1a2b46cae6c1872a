package io.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The stock Karaf route: on a plain Karaf 4.4, add our features repository and install
 * 'switchboard' from the shell; the server comes up and answers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlainKarafFeaturesIT extends ItSupport {

    private static final Ports PORTS = new Ports(28181, 28101, 21099, 44442, 15821);

    @Configuration
    public Option[] config() {
        List<Option> options = containerOptions(plainKaraf(), "plain-karaf", PORTS);
        options.add(editConfigurationFilePut("etc/io.switchboard.adapter.tcp.cfg", "port", "27121"));
        return options.toArray(new Option[0]);
    }

    @Override
    protected int httpPort() {
        return PORTS.http();
    }

    @Test
    public void featureInstallBringsTheServerUp() throws Exception {
        String repo = "mvn:io.switchboard/switchboard-features/" + version() + "/xml/features";
        executeCommand("feature:repo-add " + repo);
        String repos = executeCommand("feature:repo-list");
        assertTrue(repos, repos.contains("switchboard-" + version()));
        try {
            executeCommand("feature:install switchboard");
        } catch (Exception interrupted) {
            // Hazelcast needs jsr305, whose javax.annotation jline imports optionally: the first
            // install rewires jline and restarts the shell under the running command, exactly as
            // a user at the console sees it. The installation itself carries on.
        }
        awaitUp(Duration.ofSeconds(120));
        await("feature switchboard to be listed as started", Duration.ofSeconds(30), () ->
                executeCommand("feature:list -i").matches("(?s).*\\bswitchboard\\s+\\|[^\\n]*Started.*"));
        String event = "{\"type\":\"AgentLogin\",\"ts\":\"2026-03-02T09:00:00.000Z\",\"source\":\"plain\",\"seq\":1,"
                + "\"tenant\":\"t1\",\"agent\":\"a9\",\"dn\":\"9009\"}";
        HttpResponse<String> answer = post("/api/v1/events", event);
        assertEquals(answer.body(), 200, answer.statusCode());
        assertTrue(answer.body(), answer.body().startsWith("{\"accepted\":1,"));
        String state = get("/api/v1/objects/t1/Agent/a9/state").body();
        assertTrue(state, state.startsWith("{\"status\":\"LoggedIn\""));
        String status = executeCommand("switchboard:status");
        assertTrue(status, status.contains("plain"));
    }
}
