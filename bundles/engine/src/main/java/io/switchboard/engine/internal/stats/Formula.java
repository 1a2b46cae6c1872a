package io.switchboard.engine.internal.stats;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The expression of a {@code Formula} stat type: {@code + - * /}, unary minus, parentheses,
 * numbers and names of other stat types of the same object (a name with characters other than
 * letters, digits, {@code _} and {@code .} is written in double quotes).
 *
 * <p>Any null operand makes the result null and so does a division by zero (fine point 15). The
 * result is a Long while only whole numbers were added, subtracted and multiplied (counts stay
 * counts), a Double otherwise.
 */
public final class Formula {

    /** Parsed formulas by text. */
    private static final java.util.Map<String, Formula> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private sealed interface Node permits Num, Ref, Neg, Bin {
    }

    private record Num(Number value) implements Node {
    }

    private record Ref(String name) implements Node {
    }

    private record Neg(Node operand) implements Node {
    }

    private record Bin(char op, Node left, Node right) implements Node {
    }

    private final String text;
    private final Node root;
    private final Set<String> references;

    private Formula(String text, Node root, Set<String> references) {
        this.text = text;
        this.root = root;
        this.references = Collections.unmodifiableSet(references);
    }

    /**
     * @throws IllegalArgumentException naming the (1-based) position of a syntax error
     */
    /** As {@link #parseUncached}, remembering the result (formulas are immutable). */
    public static Formula parse(String text) {
        Formula f = text == null ? null : CACHE.get(text);
        if (f == null) {
            f = parseUncached(text);
            if (CACHE.size() > 4096) {
                CACHE.clear();
            }
            CACHE.put(text, f);
        }
        return f;
    }

    public static Formula parseUncached(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("formula is empty");
        }
        Parser p = new Parser(text);
        Node root = p.expression();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        return new Formula(text, root, p.refs);
    }

    /** Names of the stat types the formula uses, in order of appearance. */
    public Set<String> references() {
        return references;
    }

    public String text() {
        return text;
    }

    /**
     * @param resolver the value of another stat type by name (same object, profile and filter), or
     *                 null if no stat type has that name
     * @throws IllegalArgumentException for a name the resolver does not know
     */
    public Value evaluate(Function<String, Value> resolver) {
        boolean[] partial = new boolean[1];
        Number n = eval(root, resolver, partial);
        return new Value(n, partial[0]);
    }

    private static Number eval(Node node, Function<String, Value> resolver, boolean[] partial) {
        if (node instanceof Num num) {
            return num.value();
        }
        if (node instanceof Ref ref) {
            Value v = resolver.apply(ref.name());
            if (v == null) {
                throw new IllegalArgumentException("formula uses unknown stat type '" + ref.name() + "'");
            }
            partial[0] |= v.partial();
            return v.value();
        }
        if (node instanceof Neg neg) {
            Number a = eval(neg.operand(), resolver, partial);
            if (a == null) {
                return null;
            }
            return a instanceof Long l && l != Long.MIN_VALUE ? (Number) (-l) : (Number) (-a.doubleValue());
        }
        Bin bin = (Bin) node;
        // Both sides are evaluated even when one is null, so `partial` reflects every operand.
        Number a = eval(bin.left(), resolver, partial);
        Number b = eval(bin.right(), resolver, partial);
        if (a == null || b == null) {
            return null;
        }
        if (bin.op() == '/') {
            double d = b.doubleValue();
            return d == 0 ? null : a.doubleValue() / d;
        }
        if (a instanceof Long x && b instanceof Long y) {
            try {
                switch (bin.op()) {
                    case '+':
                        return Math.addExact(x, y);
                    case '-':
                        return Math.subtractExact(x, y);
                    default:
                        return Math.multiplyExact(x, y);
                }
            } catch (ArithmeticException overflow) {
                // fall through to doubles
            }
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        switch (bin.op()) {
            case '+':
                return x + y;
            case '-':
                return x - y;
            default:
                return x * y;
        }
    }

    @Override
    public String toString() {
        return text;
    }

    /** Recursive descent: expression := term (('+'|'-') term)*, term := unary (('*'|'/') unary)*. */
    private static final class Parser {
        final String s;
        int pos;
        final Set<String> refs = new LinkedHashSet<>();

        Parser(String s) {
            this.s = s;
        }

        Node expression() {
            Node left = term();
            while (true) {
                skipSpace();
                if (peek('+') || peek('-')) {
                    char op = s.charAt(pos++);
                    left = new Bin(op, left, term());
                } else {
                    return left;
                }
            }
        }

        Node term() {
            Node left = unary();
            while (true) {
                skipSpace();
                if (peek('*') || peek('/')) {
                    char op = s.charAt(pos++);
                    left = new Bin(op, left, unary());
                } else {
                    return left;
                }
            }
        }

        Node unary() {
            skipSpace();
            if (peek('-')) {
                pos++;
                return new Neg(unary());
            }
            if (peek('+')) {
                pos++;
                return unary();
            }
            return primary();
        }

        Node primary() {
            skipSpace();
            if (pos >= s.length()) {
                throw error("unexpected end, expected a number, a stat type name or '('");
            }
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                Node inner = expression();
                skipSpace();
                if (!peek(')')) {
                    throw error(pos < s.length() ? "expected ')' but found '" + s.charAt(pos) + "'"
                            : "expected ')' before the end");
                }
                pos++;
                return inner;
            }
            if (Character.isDigit(c) || c == '.' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1))) {
                return number();
            }
            if (c == '"') {
                int close = s.indexOf('"', pos + 1);
                if (close < 0) {
                    throw error("unterminated quoted name");
                }
                String name = s.substring(pos + 1, close);
                if (name.isBlank()) {
                    throw error("empty quoted name");
                }
                pos = close + 1;
                refs.add(name);
                return new Ref(name);
            }
            if (Character.isLetter(c) || c == '_') {
                int begin = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_'
                        || s.charAt(pos) == '.')) {
                    pos++;
                }
                String name = s.substring(begin, pos);
                refs.add(name);
                return new Ref(name);
            }
            throw error("unexpected '" + c + "'");
        }

        Node number() {
            int begin = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            boolean fraction = false;
            if (pos < s.length() && s.charAt(pos) == '.') {
                fraction = true;
                pos++;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                int save = pos;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    fraction = true;
                    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                        pos++;
                    }
                } else {
                    pos = save;
                    throw error("malformed exponent");
                }
            }
            String lit = s.substring(begin, pos);
            if (pos < s.length() && (Character.isLetter(s.charAt(pos)) || s.charAt(pos) == '_')) {
                throw error("unexpected '" + s.charAt(pos) + "' after number " + lit);
            }
            if (!fraction) {
                try {
                    return new Num(Long.parseLong(lit));
                } catch (NumberFormatException tooLong) {
                    // a huge whole number: keep it as a double
                }
            }
            return new Num(Double.parseDouble(lit));
        }

        boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("formula syntax error at position " + (pos + 1) + ": " + what
                    + " in \"" + s + "\"");
        }
    }
}
