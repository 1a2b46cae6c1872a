package io.switchboard.ixn.proxy.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Bodies as a fuzzer sends them: mostly JSON objects of the fields the edge reads, with wrong types and sizes. */
final class JsonishArbitraries {

    private JsonishArbitraries() {
    }

    static Arbitrary<String> bodies() {
        Arbitrary<String> name = Arbitraries.of("tenant", "media", "queue", "id", "priority", "data", "max", "order",
                "where", "agent", "reason", "place", "owner", "k", "");
        Arbitrary<String> object = Arbitraries.lazyOf(() -> Arbitraries.maps(name, value(2)).ofMaxSize(6)
                .map(m -> {
                    StringBuilder b = new StringBuilder("{");
                    m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
                    return b.append('}').toString();
                }));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, object), net.jqwik.api.Tuple.of(1,
                Arbitraries.strings().ofMaxLength(40)), net.jqwik.api.Tuple.of(1, Arbitraries.of("", "null", "[]", "1",
                "\"x\"", "{", "{\"tenant\":")));
    }

    static Arbitrary<String> value(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(JsonishArbitraries::quote),
                Arbitraries.strings().withChars('x').ofMinLength(60).ofMaxLength(5000).map(JsonishArbitraries::quote),
                Arbitraries.of("null", "true", "false", "0", "-1", "1e400", "2147483648", "9223372036854775808",
                        "1.5", "-0", "\"chat\"", "\"voice\"", "\"age\""),
                Arbitraries.integers().map(String::valueOf));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = value(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), value(depth - 1))
                .ofMaxSize(4).map(m -> {
                    StringBuilder b = new StringBuilder("{");
                    m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(quote(k)).append(':').append(v));
                    return b.append('}').toString();
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, scalar), net.jqwik.api.Tuple.of(1, array),
                net.jqwik.api.Tuple.of(2, object));
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
