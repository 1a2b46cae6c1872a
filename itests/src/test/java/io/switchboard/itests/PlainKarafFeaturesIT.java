package io.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
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
        // jsr305 (for Hazelcast) exports javax.annotation, which jline imports optionally: installed
        // by the feature, it makes Karaf refresh the shell and with it this test's probe bundle.
        // Present from the start, it is simply wired; users see one console restart instead.
        options.add(mavenBundle("com.google.code.findbugs", "jsr305", "3.0.2").startLevel(20));
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
        executeCommand("feature:install switchboard");
        String installed = executeCommand("feature:list -i");
        assertTrue(installed, installed.matches("(?s).*\\bswitchboard\\s+\\|[^\\n]*Started.*"));
        awaitUp(Duration.ofSeconds(120));
        String event = "{\"type\":\"AgentLogin\",\"ts\":\"2026-03-02T09:00:00.000Z\",\"source\":\"plain\",\"seq\":1,"
                + "\"tenant\":\"t1\",\"agent\":\"a9\",\"dn\":\"9009\"}";
        HttpResponse<String> answer = post("/api/v1/events", event);
        assertEquals(answer.body(), 200, answer.statusCode());
        assertTrue(answer.body(), answer.body().startsWith("{\"accepted\":1,"));
        String state = get("/api/v1/objects/t1/Agent/a9/state").body();
        assertTrue(state, state.startsWith("{\"status\":\"LoggedIn\""));
        // components restart once when their configuration files arrive with the features
        await("switchboard:status to show the source", Duration.ofSeconds(60),
                () -> executeCommand("switchboard:status").contains("plain"));
    }
}
