package org.edusync.http;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A parsed {@code $filter}: the subset Graph clients send to these resources.
 *
 * <pre>
 * or         := and ('or' and)*
 * and        := unary ('and' unary)*
 * unary      := 'not' unary | '(' or ')' | comparison | 'startswith' '(' property ',' string ')'
 * comparison := property ('eq'|'ne'|'gt'|'ge'|'lt'|'le') literal
 * property   := name ('/' name)*     (a path into a complex property, e.g. student/externalId)
 * literal    := 'text' (with '' for a quote) | integer | true | false | null
 * </pre>
 *
 * Keywords and property names are case-insensitive; properties come out in the spelling of the allowed set.
 * {@code not} applies to the comparison or parenthesised expression after it. A comparison involving a null
 * value is simply false (never "unknown"), so {@code not} and {@code ne} include rows whose value is null,
 * in {@link #test} and in {@link #toSql} alike. Error positions are 0-based character offsets in the text.
 */
public final class ODataFilter {
    /** Bounds on hostile input: the parser recurses once per nesting level and every condition costs a bind. */
    static final int MAX_LENGTH = 4096;
    static final int MAX_DEPTH = 32;
    static final int MAX_CONDITIONS = 100;

    private final Expr root;

    private ODataFilter(Expr root) {
        this.root = root;
    }

    /**
     * @param properties the properties that may be filtered on, in their canonical spelling
     * @param typeName   the OData type named in unknown-property errors, e.g. {@code microsoft.graph.educationSynchronizationProfile}
     * @throws GraphException 400 naming the position and what was expected, for any text that is not a supported filter
     */
    public static ODataFilter parse(String text, Set<String> properties, String typeName) {
        Objects.requireNonNull(text, "text must not be null");
        Objects.requireNonNull(properties, "properties must not be null");
        if (text.isBlank()) {
            throw GraphException.badRequest(
                    "Query option '$filter' is empty; expected an expression such as \"state eq 'provisioned'\"");
        }
        if (text.length() > MAX_LENGTH) {
            throw GraphException.badRequest("Query option '$filter' is " + text.length()
                    + " characters long; at most " + MAX_LENGTH + " are supported");
        }
        return new ODataFilter(new Parser(text, properties, typeName).parse());
    }

    /**
     * The filter as a SQL boolean expression over {@code columnByProperty} (trusted column names), with every
     * literal in {@code binds}. It is true exactly for the matching rows and may be NULL rather than false for
     * the others, so use it as a WHERE (or AND) operand, not under a NOT of your own.
     */
    public SqlCondition toSql(Map<String, String> columnByProperty) {
        Objects.requireNonNull(columnByProperty, "columnByProperty must not be null");
        SqlTarget target = new SqlTarget(new StringBuilder(), new ArrayList<>(), columnByProperty);
        root.appendSql(target, false);
        return new SqlCondition(target.sql().toString(), target.binds());
    }

    /**
     * As {@link #toSql}, for resources whose filterable properties are all strings: another literal ({@code eq 5},
     * {@code eq true}) is a 400, because PostgreSQL has no {@code text = bigint} while SQLite would compare the
     * number as text, and the stores would disagree.
     */
    public SqlCondition toStringSql(Map<String, String> columnByProperty, String typeName) {
        SqlCondition condition = toSql(columnByProperty);
        for (Object literal : condition.binds()) {
            if (!(literal instanceof String)) {
                throw GraphException.badRequest("Invalid $filter '" + this + "': the filterable properties of " + typeName
                        + " are strings; compare them with a string literal such as '" + literal + "', not " + literal);
            }
        }
        return condition;
    }

    /**
     * Evaluates the filter in memory, with the semantics of {@link #toSql}. {@code propertyValue} receives the
     * canonical property name and returns a String (or any value whose {@code toString} is its wire form),
     * a Number, a Boolean or null. Values of another type than the literal never compare equal.
     */
    public boolean test(Function<String, Object> propertyValue) {
        Objects.requireNonNull(propertyValue, "propertyValue must not be null");
        return root.holds(propertyValue);
    }

    /** The parsed filter in normalised form: canonical names, lower-case keywords, every group parenthesised. */
    @Override
    public String toString() {
        return root.toString();
    }

    /** The spelling of {@code given} in {@code names}, matched case-insensitively; null when absent. */
    static String canonicalName(Set<String> names, String given) {
        for (String name : names) {
            if (name.equalsIgnoreCase(given)) {
                return name;
            }
        }
        return null;
    }

    static String listNames(Set<String> names) {
        return names.isEmpty() ? "(none)"
                : names.stream().sorted(String.CASE_INSENSITIVE_ORDER).collect(Collectors.joining(", "));
    }

    sealed interface Expr permits Logical, Not, Comparison, StartsWith {
        boolean holds(Function<String, Object> values);

        /**
         * Writes this expression, or its negation when {@code negated}. Negation is pushed down to the leaves
         * because SQL's NOT of a NULL comparison stays NULL, where OData's not of a false comparison is true.
         */
        void appendSql(SqlTarget out, boolean negated);
    }

    record SqlTarget(StringBuilder sql, List<Object> binds, Map<String, String> columns) {
        String column(String property) {
            String column = columns.get(property);
            if (column == null) {
                throw new IllegalArgumentException("No column is mapped for $filter property '" + property
                        + "'; mapped properties: " + listNames(columns.keySet()));
            }
            return column;
        }
    }

    enum Connective {
        AND, OR;

        Connective flip() {
            return switch (this) {
                case AND -> OR;
                case OR -> AND;
            };
        }
    }

    record Logical(Connective connective, Expr left, Expr right) implements Expr {
        @Override
        public boolean holds(Function<String, Object> values) {
            return switch (connective) {
                case AND -> left.holds(values) && right.holds(values);
                case OR -> left.holds(values) || right.holds(values);
            };
        }

        @Override
        public void appendSql(SqlTarget out, boolean negated) {
            Connective written = negated ? connective.flip() : connective; // De Morgan
            out.sql().append('(');
            left.appendSql(out, negated);
            out.sql().append(' ').append(written.name()).append(' ');
            right.appendSql(out, negated);
            out.sql().append(')');
        }

        @Override
        public String toString() {
            return "(" + left + " " + connective.name().toLowerCase(Locale.ROOT) + " " + right + ")";
        }
    }

    record Not(Expr operand) implements Expr {
        @Override
        public boolean holds(Function<String, Object> values) {
            return !operand.holds(values);
        }

        @Override
        public void appendSql(SqlTarget out, boolean negated) {
            operand.appendSql(out, !negated);
        }

        @Override
        public String toString() {
            return operand instanceof Logical ? "not " + operand : "not (" + operand + ")";
        }
    }

    enum Operator {
        EQ("="), NE("<>"), GT(">"), GE(">="), LT("<"), LE("<=");

        final String sql;

        Operator(String sql) {
            this.sql = sql;
        }

        String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean ordering() {
            return this != EQ && this != NE;
        }

        /** The operator that holds exactly when this one does not, for non-null operands. */
        Operator complement() {
            return switch (this) {
                case EQ -> NE;
                case NE -> EQ;
                case GT -> LE;
                case GE -> LT;
                case LT -> GE;
                case LE -> GT;
            };
        }

        static Operator byKeyword(String word) {
            for (Operator operator : values()) {
                if (operator.keyword().equalsIgnoreCase(word)) {
                    return operator;
                }
            }
            return null;
        }
    }

    /** {@code literal} is null, a String, a Long or a Boolean. */
    record Comparison(String property, Operator operator, Object literal) implements Expr {
        @Override
        public boolean holds(Function<String, Object> values) {
            Object value = values.apply(property);
            if (literal == null || value == null) {
                boolean bothNull = literal == null && value == null;
                return switch (operator) {
                    case EQ -> bothNull;
                    case NE -> !bothNull;
                    case GT, GE, LT, LE -> false;
                };
            }
            Integer order = compare(value, literal);
            if (order == null) {
                return operator == Operator.NE;
            }
            return switch (operator) {
                case EQ -> order == 0;
                case NE -> order != 0;
                case GT -> order > 0;
                case GE -> order >= 0;
                case LT -> order < 0;
                case LE -> order <= 0;
            };
        }

        @Override
        public void appendSql(SqlTarget out, boolean negated) {
            String column = out.column(property);
            if (literal == null) {
                boolean isNull = (operator == Operator.EQ) != negated;
                out.sql().append(column).append(isNull ? " IS NULL" : " IS NOT NULL");
                return;
            }
            Operator operator = this.operator;
            boolean not = negated;
            if (operator == Operator.NE) { // ne x is exactly not (eq x), NULL rows included
                operator = Operator.EQ;
                not = !not;
            }
            if (not) {
                out.sql().append('(').append(column).append(' ').append(operator.complement().sql)
                        .append(" ? OR ").append(column).append(" IS NULL)");
            } else {
                out.sql().append(column).append(' ').append(operator.sql).append(" ?");
            }
            out.binds().add(literal);
        }

        @Override
        public String toString() {
            return property + " " + operator.keyword() + " " + literalText(literal);
        }
    }

    /**
     * Case-sensitive like {@code eq}. Written with {@code substr}, not LIKE: SQLite's LIKE ignores ASCII case
     * while PostgreSQL's does not, and the two stores must return the same rows.
     */
    record StartsWith(String property, String prefix) implements Expr {
        @Override
        public boolean holds(Function<String, Object> values) {
            Object value = values.apply(property);
            return value != null && String.valueOf(value).startsWith(prefix);
        }

        @Override
        public void appendSql(SqlTarget out, boolean negated) {
            String column = out.column(property);
            // both databases count characters (code points) in substr; the length is ours, not client text
            String head = "substr(" + column + ", 1, " + prefix.codePointCount(0, prefix.length()) + ")";
            if (negated) {
                out.sql().append('(').append(head).append(" <> ? OR ").append(column).append(" IS NULL)");
            } else {
                out.sql().append(head).append(" = ?");
            }
            out.binds().add(prefix);
        }

        @Override
        public String toString() {
            return "startswith(" + property + "," + literalText(prefix) + ")";
        }
    }

    static String literalText(Object literal) {
        return literal instanceof String s ? "'" + s.replace("'", "''") + "'" : String.valueOf(literal);
    }

    /** The order of a non-null value against a literal; null when their types cannot be compared. */
    static Integer compare(Object value, Object literal) {
        if (literal instanceof String text) {
            return value instanceof Number || value instanceof Boolean ? null : compareCodePoints(String.valueOf(value), text);
        }
        if (literal instanceof Long number) {
            if (!(value instanceof Number n)) {
                return null;
            }
            try {
                return new BigDecimal(n.toString()).compareTo(BigDecimal.valueOf(number));
            } catch (NumberFormatException notFinite) {
                return null;
            }
        }
        if (literal instanceof Boolean flag) {
            return value instanceof Boolean b ? Boolean.compare(b, flag) : null;
        }
        throw new IllegalStateException("Unexpected literal " + literal);
    }

    /** Code point order, which is SQLite's BINARY collation (UTF-8 bytes) and PostgreSQL's "C" collation. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    enum Kind { WORD, STRING, INTEGER, OPEN, CLOSE, COMMA, END }

    /** {@code value}: the word, the decoded string or the Long. */
    record Token(Kind kind, int start, int end, Object value) {
        boolean isWord(String word) {
            return kind == Kind.WORD && ((String) value).equalsIgnoreCase(word);
        }
    }

    /** Recursive descent over a lazily lexed token stream, so the first error by position is the one reported. */
    private static final class Parser {
        private static final Set<String> KEYWORDS =
                Set.of("and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "null", "true", "false");

        private final String text;
        private final Set<String> properties;
        private final String typeName;
        private int pos;
        private Token current;
        private int conditions;

        Parser(String text, Set<String> properties, String typeName) {
            this.text = text;
            this.properties = properties;
            this.typeName = typeName;
            this.current = lex();
        }

        Expr parse() {
            Expr expr = parseOr(0);
            if (current.kind() != Kind.END) {
                throw error(current.start(), "expected 'and', 'or' or end of input, found " + describe(current));
            }
            return expr;
        }

        private Expr parseOr(int depth) {
            Expr left = parseAnd(depth);
            while (current.isWord("or")) {
                advance();
                left = new Logical(Connective.OR, left, parseAnd(depth));
            }
            return left;
        }

        private Expr parseAnd(int depth) {
            Expr left = parseUnary(depth);
            while (current.isWord("and")) {
                advance();
                left = new Logical(Connective.AND, left, parseUnary(depth));
            }
            return left;
        }

        private Expr parseUnary(int depth) {
            Token token = current;
            if (token.isWord("not")) {
                enter(token, depth);
                advance();
                return new Not(parseUnary(depth + 1));
            }
            if (token.kind() == Kind.OPEN) {
                enter(token, depth);
                advance();
                Expr inner = parseOr(depth + 1);
                expect(Kind.CLOSE, "')' to close the '(' at position " + token.start());
                return inner;
            }
            if (token.kind() == Kind.WORD && !KEYWORDS.contains(((String) token.value()).toLowerCase(Locale.ROOT))) {
                advance();
                return current.kind() == Kind.OPEN ? parseFunction(token) : parseComparison(token);
            }
            throw error(token.start(), "expected a property name, 'not' or '(', found " + describe(token));
        }

        private Expr parseComparison(Token name) {
            String property = property(name);
            Token operatorToken = current;
            Operator operator = operatorToken.kind() == Kind.WORD ? Operator.byKeyword((String) operatorToken.value()) : null;
            if (operator == null) {
                throw error(operatorToken.start(), "expected a comparison operator (eq, ne, gt, ge, lt or le) after '"
                        + name.value() + "', found " + describe(operatorToken));
            }
            advance();
            Token token = current;
            String expected = "expected a literal after '" + operatorToken.value() + "', found " + describe(token);
            Object literal = switch (token.kind()) {
                case STRING, INTEGER -> token.value();
                case WORD -> switch (((String) token.value()).toLowerCase(Locale.ROOT)) {
                    case "null" -> null;
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw error(token.start(), expected);
                };
                case OPEN, CLOSE, COMMA, END -> throw error(token.start(), expected);
            };
            if (literal == null && operator.ordering()) {
                throw error(operatorToken.start(), "'" + operatorToken.value()
                        + "' cannot compare with null; use eq null or ne null");
            }
            advance();
            countCondition();
            return new Comparison(property, operator, literal);
        }

        private Expr parseFunction(Token name) {
            String function = (String) name.value();
            if (!function.equalsIgnoreCase("startswith")) {
                throw error(name.start(), "unknown function '" + function + "'; the supported function is startswith");
            }
            advance(); // the '('
            Token argument = current;
            if (argument.kind() != Kind.WORD || KEYWORDS.contains(((String) argument.value()).toLowerCase(Locale.ROOT))) {
                throw error(argument.start(), "expected a property name as the first argument of " + function
                        + ", found " + describe(argument));
            }
            String property = property(argument);
            advance();
            expect(Kind.COMMA, "',' after '" + argument.value() + "' in " + function);
            Token prefix = current;
            if (prefix.kind() != Kind.STRING) {
                throw error(prefix.start(), "expected a string literal as the second argument of " + function
                        + ", found " + describe(prefix));
            }
            advance();
            expect(Kind.CLOSE, "')' to close " + function + "(");
            countCondition();
            return new StartsWith(property, (String) prefix.value());
        }

        private String property(Token name) {
            String given = (String) name.value();
            String canonical = canonicalName(properties, given);
            if (canonical == null) {
                throw GraphException.badRequest("Could not find a property named '" + given + "'"
                        + (typeName == null ? "" : " on type '" + typeName + "'")
                        + "; filterable properties: " + listNames(properties));
            }
            return canonical;
        }

        private void enter(Token token, int depth) {
            if (depth >= MAX_DEPTH) {
                throw GraphException.badRequest("Query option '$filter' nests deeper than " + MAX_DEPTH
                        + " levels at position " + token.start() + ", which is not supported");
            }
        }

        private void countCondition() {
            if (++conditions > MAX_CONDITIONS) {
                throw GraphException.badRequest("Query option '$filter' has more than " + MAX_CONDITIONS
                        + " conditions, which is not supported");
            }
        }

        private void expect(Kind kind, String what) {
            if (current.kind() != kind) {
                throw error(current.start(), "expected " + what + ", found " + describe(current));
            }
            advance();
        }

        private void advance() {
            current = lex();
        }

        private String describe(Token token) {
            return switch (token.kind()) {
                case END -> "end of input";
                case STRING -> "string literal " + text.substring(token.start(), token.end());
                case WORD, INTEGER, OPEN, CLOSE, COMMA -> "'" + text.substring(token.start(), token.end()) + "'";
            };
        }

        private GraphException error(int position, String detail) {
            return GraphException.badRequest("Syntax error at position " + position + " in '$filter=" + text + "': " + detail);
        }

        private Token lex() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            int start = pos;
            if (pos == text.length()) {
                return new Token(Kind.END, start, start, null);
            }
            char c = text.charAt(pos);
            Kind punctuation = switch (c) {
                case '(' -> Kind.OPEN;
                case ')' -> Kind.CLOSE;
                case ',' -> Kind.COMMA;
                default -> null;
            };
            if (punctuation != null) {
                pos++;
                return new Token(punctuation, start, pos, null);
            }
            if (c == '\'') {
                return lexString(start);
            }
            if (isDigit(c) || (c == '-' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
                return lexInteger(start);
            }
            if (isAsciiLetter(c) || c == '_') {
                while (pos < text.length() && (isAsciiLetter(text.charAt(pos)) || isDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                        || isPathSeparator(pos))) {
                    pos++;
                }
                return new Token(Kind.WORD, start, pos, text.substring(start, pos));
            }
            throw error(start, unexpected(text.codePointAt(start)));
        }

        private Token lexString(int start) {
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\u0000') {
                    // no stored value holds it (PostgreSQL's text cannot), and PostgreSQL fails a query that binds it
                    throw error(pos - 1, "string literals cannot hold the character U+0000");
                }
                if (c != '\'') {
                    value.append(c);
                } else if (pos < text.length() && text.charAt(pos) == '\'') {
                    value.append('\'');
                    pos++;
                } else {
                    return new Token(Kind.STRING, start, pos, value.toString());
                }
            }
            throw error(start, "unterminated string literal; end it with ' and write '' for a quote inside it");
        }

        private Token lexInteger(int start) {
            pos++; // the sign or the first digit
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos < text.length() && isLiteralPart(text.charAt(pos))) {
                // 1.5, 2017-07-05T00:00:00Z, an unquoted GUID: take the whole word so the message names it
                while (pos < text.length() && isLiteralPart(text.charAt(pos))) {
                    pos++;
                }
                throw error(start, "unsupported literal '" + text.substring(start, pos)
                        + "'; supported literals are 'text', integers, true, false and null");
            }
            String digits = text.substring(start, pos);
            try {
                return new Token(Kind.INTEGER, start, pos, Long.parseLong(digits));
            } catch (NumberFormatException e) {
                throw error(start, "integer literal '" + digits + "' is out of range; integers must lie between "
                        + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
            }
        }

        private static String unexpected(int codePoint) {
            String shown = Character.isISOControl(codePoint) || Character.isSpaceChar(codePoint)
                    || Character.getType(codePoint) == Character.FORMAT
                    ? String.format("U+%04X", codePoint)
                    : "'" + new String(Character.toChars(codePoint)) + "'";
            return switch (codePoint) {
                case '=', '<', '>', '!' -> "unexpected character " + shown + "; compare with eq, ne, gt, ge, lt or le";
                case '"' -> "unexpected character " + shown + "; string literals are enclosed in single quotes";
                default -> "unexpected character " + shown;
            };
        }

        /** A '/' between two names: the word is a property path such as student/externalId. */
        private boolean isPathSeparator(int at) {
            return text.charAt(at) == '/' && at + 1 < text.length()
                    && (isAsciiLetter(text.charAt(at + 1)) || text.charAt(at + 1) == '_');
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isLiteralPart(char c) {
            return isAsciiLetter(c) || isDigit(c) || c == '.' || c == ':' || c == '-' || c == '+' || c == '_';
        }
    }
}
