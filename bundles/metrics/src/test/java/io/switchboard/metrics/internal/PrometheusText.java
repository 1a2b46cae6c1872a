package io.switchboard.metrics.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4 for tests: every line must be a
 * HELP, a TYPE or a sample of a declared family, label values unescaped, values parsed as Prometheus
 * does. The Prometheus Java client 1.x only writes the format (it has no parser), so the test reads
 * it with this grammar and compares with what the client was given.
 */
final class PrometheusText {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"\\s*(,|$)");

    final Map<String, String> types = new LinkedHashMap<>();
    final Map<String, String> help = new LinkedHashMap<>();
    final java.util.List<Sample> samples = new java.util.ArrayList<>();

    static PrometheusText parse(String text) {
        PrometheusText t = new PrometheusText();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                require(NAME.matcher(parts[0]).matches(), n, line);
                if (line.startsWith("# TYPE ")) {
                    require(parts.length == 2 && parts[1].matches("counter|gauge|histogram|summary|untyped"), n, line);
                    require(t.types.put(parts[0], parts[1]) == null, n, "family declared twice: " + line);
                } else {
                    t.help.put(parts[0], parts.length == 2 ? parts[1] : "");
                }
                continue;
            }
            require(!line.startsWith("#") || line.startsWith("# "), n, line);
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            require(m.matches(), n, line);
            String name = m.group(1);
            require(t.familyOf(name) != null, n, "sample of no declared family: " + line);
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null && !m.group(3).isEmpty()) {
                Matcher l = LABEL.matcher(m.group(3));
                int at = 0;
                while (at < m.group(3).length()) {
                    require(l.find(at) && l.start() == at, n, "bad labels: " + line);
                    labels.put(l.group(1), l.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
                    at = l.end();
                }
            }
            t.samples.add(new Sample(name, labels, value(m.group(4), n)));
        }
        return t;
    }

    String familyOf(String sample) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : new String[] {"_total", "_created", "_count", "_sum", "_bucket"}) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return null;
    }

    /** The value of the one sample with this name and these labels (pairs), or fails. */
    double value(String name, String... labelPairs) {
        Map<String, String> want = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            want.put(labelPairs[i], labelPairs[i + 1]);
        }
        Double found = null;
        for (Sample s : samples) {
            if (s.name.equals(name) && s.labels.equals(want)) {
                if (found != null) {
                    throw new AssertionError("two samples " + name + want);
                }
                found = s.value;
            }
        }
        if (found == null) {
            throw new AssertionError("no sample " + name + want + " in " + samples);
        }
        return found;
    }

    private static double value(String v, int line) {
        switch (v) {
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            case "NaN": return Double.NaN;
            default:
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new AssertionError("line " + line + ": bad value " + v);
                }
        }
    }

    private static void require(boolean ok, int line, String what) {
        if (!ok) {
            throw new AssertionError("line " + line + ": " + what);
        }
    }
}
