package org.edusync.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The OData system query options of one GET request. Option names are case-insensitive and the {@code $} is
 * optional (Graph beta accepts {@code top=5}); other parameters without {@code $} are left to the caller.
 *
 * <p>Paging: {@code $top} is the page size (the caller caps it). The caller reads a page at {@link #skip()}
 * and, when more rows follow, links to {@link #nextLinkQuery} at the offset after the page; the link keeps
 * every parameter but {@code $skip}, which the {@code $skiptoken} offset already includes.
 */
public final class ODataQuery {
    public record OrderBy(String property, boolean descending) {
    }

    /** The known options; {@code SEARCH} is recognised only to be refused precisely. */
    enum Option {
        TOP, SKIP, COUNT, ORDERBY, SELECT, FILTER, SKIPTOKEN, EXPAND, SEARCH;

        String canonical() {
            return "$" + name().toLowerCase(Locale.ROOT);
        }

        /** The option a parameter name means, or null for a parameter that is not an option. */
        static Option named(String parameter) {
            String bare = parameter.startsWith("$") ? parameter.substring(1) : parameter;
            for (Option option : values()) {
                if (option.name().equalsIgnoreCase(bare)) {
                    return option;
                }
            }
            return null;
        }
    }

    private static final String SUPPORTED = "$count, $filter, $orderby, $select, $skip, $skiptoken, $top";
    private static final String TOKEN_PREFIX = "o:";

    private final Integer top;
    private final int skip;
    private final boolean count;
    private final List<OrderBy> orderBy;
    private final List<String> select;
    private final ODataFilter filter;
    private final List<String> expand;

    private ODataQuery(Integer top, int skip, boolean count, List<OrderBy> orderBy, List<String> select, ODataFilter filter,
                       List<String> expand) {
        this.expand = expand;
        this.top = top;
        this.skip = skip;
        this.count = count;
        this.orderBy = orderBy;
        this.select = select;
        this.filter = filter;
    }

    /** As {@link #parse(Map, String, Set, Set)}, with unknown-property errors that name no type. */
    public static ODataQuery parse(Map<String, List<String>> queryParams, Set<String> filterableProperties,
                                   Set<String> sortableProperties) {
        return parse(queryParams, null, filterableProperties, sortableProperties, Set.of());
    }

    /** As {@link #parse(Map, String, Set, Set, Set)} for a resource with nothing to {@code $expand}. */
    public static ODataQuery parse(Map<String, List<String>> queryParams, String typeName,
                                   Set<String> filterableProperties, Set<String> sortableProperties) {
        return parse(queryParams, typeName, filterableProperties, sortableProperties, Set.of());
    }

    /**
     * @param typeName the OData type named in unknown-property errors of {@code $filter}, e.g.
     *                 {@code microsoft.graph.educationSynchronizationProfile}; may be null
     * @throws GraphException 400 naming the option, the value and what is allowed
     */
    public static ODataQuery parse(Map<String, List<String>> queryParams, String typeName,
                                   Set<String> filterableProperties, Set<String> sortableProperties,
                                   Set<String> expandableProperties) {
        Objects.requireNonNull(queryParams, "queryParams must not be null");
        Objects.requireNonNull(filterableProperties, "filterableProperties must not be null");
        Objects.requireNonNull(sortableProperties, "sortableProperties must not be null");
        Map<Option, String> given = new EnumMap<>(Option.class);
        for (Map.Entry<String, List<String>> parameter : queryParams.entrySet()) {
            String name = parameter.getKey();
            Option option = Option.named(name);
            if (option == null) {
                if (name.startsWith("$")) {
                    throw GraphException.badRequest("Query option '" + name + "' is not supported; supported options: " + SUPPORTED);
                }
                continue;
            }
            for (String value : parameter.getValue()) {
                if (given.put(option, value == null ? "" : value) != null) {
                    throw GraphException.badRequest("Query option '" + option.canonical() + "' was given more than once");
                }
            }
        }
        if (given.containsKey(Option.SEARCH) || (given.containsKey(Option.EXPAND) && expandableProperties.isEmpty())) {
            Option refused = given.containsKey(Option.SEARCH) ? Option.SEARCH : Option.EXPAND;
            throw GraphException.badRequest("Query option '" + refused.canonical() + "' is not supported on this resource");
        }
        Integer top = given.containsKey(Option.TOP) ? nonNegative(Option.TOP, given.get(Option.TOP)) : null;
        int skip = given.containsKey(Option.SKIP) ? nonNegative(Option.SKIP, given.get(Option.SKIP)) : 0;
        if (given.containsKey(Option.SKIPTOKEN)) {
            int offset = decodeSkipToken(given.get(Option.SKIPTOKEN));
            if (skip > Integer.MAX_VALUE - offset) {
                throw GraphException.badRequest("Query options '$skip' and '$skiptoken' together skip more than "
                        + Integer.MAX_VALUE + " items");
            }
            skip += offset;
        }
        boolean count = given.containsKey(Option.COUNT) && parseBoolean(Option.COUNT, given.get(Option.COUNT));
        List<OrderBy> orderBy = given.containsKey(Option.ORDERBY)
                ? parseOrderBy(given.get(Option.ORDERBY), sortableProperties) : List.of();
        List<String> select = given.containsKey(Option.SELECT) ? parseSelect(given.get(Option.SELECT)) : List.of();
        ODataFilter filter = given.containsKey(Option.FILTER)
                ? ODataFilter.parse(given.get(Option.FILTER), filterableProperties, typeName) : null;
        List<String> expand = given.containsKey(Option.EXPAND)
                ? parseExpand(given.get(Option.EXPAND), expandableProperties) : List.of();
        return new ODataQuery(top, skip, count, orderBy, select, filter, expand);
    }

    /** Navigation properties to expand, in their canonical spelling; empty when absent. */
    public List<String> expand() {
        return expand;
    }

    /** {@code $top}; null when absent. */
    public Integer top() {
        return top;
    }

    /** Rows to skip: {@code $skip} plus the offset carried by {@code $skiptoken}. */
    public int skip() {
        return skip;
    }

    public boolean count() {
        return count;
    }

    /** In the order given, properties in the canonical spelling; empty when absent. */
    public List<OrderBy> orderBy() {
        return orderBy;
    }

    /** The names as given (trimmed); empty means all properties. */
    public List<String> select() {
        return select;
    }

    /** Null when absent. */
    public ODataFilter filter() {
        return filter;
    }

    /** An opaque, URL-safe token for the page that starts at {@code offset}. */
    public static String skipToken(int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((TOKEN_PREFIX + offset).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The query string (percent-encoded, no leading {@code ?}) of the page that starts at {@code nextOffset}:
     * {@code originalParams} in their order and spelling, minus {@code $skip} and {@code $skiptoken}, plus a
     * new {@code $skiptoken}.
     */
    public String nextLinkQuery(Map<String, List<String>> originalParams, int nextOffset) {
        if (nextOffset <= skip) {
            // a link that does not advance would send a client following nextLinks round in circles
            throw new IllegalArgumentException("nextOffset " + nextOffset + " does not advance past the current offset " + skip);
        }
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, List<String>> parameter : originalParams.entrySet()) {
            Option option = Option.named(parameter.getKey());
            if (option == Option.SKIP || option == Option.SKIPTOKEN) {
                continue;
            }
            for (String value : parameter.getValue()) {
                query.add(encode(parameter.getKey()) + "=" + encode(value == null ? "" : value));
            }
        }
        query.add("$skiptoken=" + skipToken(nextOffset));
        return query.toString();
    }

    static String encode(String text) {
        // %20, not '+', so no reader can mistake it; '$' kept literal as Graph writes its option names
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%24", "$");
    }

    private static int nonNegative(Option option, String value) {
        boolean digits = !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits) {
            throw GraphException.badRequest("Invalid value '" + value + "' for query option '" + option.canonical()
                    + "': expected a non-negative integer");
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException tooLarge) {
            throw GraphException.badRequest("Invalid value '" + value + "' for query option '" + option.canonical()
                    + "': expected a non-negative integer no larger than " + Integer.MAX_VALUE);
        }
    }

    private static boolean parseBoolean(Option option, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw GraphException.badRequest("Invalid value '" + value + "' for query option '" + option.canonical()
                + "': expected 'true' or 'false'");
    }

    private static List<OrderBy> parseOrderBy(String value, Set<String> sortable) {
        List<OrderBy> orderBy = new ArrayList<>();
        String invalid = "Invalid value '" + value + "' for query option '$orderby': ";
        for (String item : value.split(",", -1)) {
            String[] words = item.trim().split("\\s+");
            if (item.isBlank() || words.length > 2) {
                throw GraphException.badRequest(invalid + "expected comma-separated items of the form 'property [asc|desc]', found '"
                        + item.trim() + "'");
            }
            String property = ODataFilter.canonicalName(sortable, words[0]);
            if (property == null) {
                throw GraphException.badRequest(invalid + "cannot sort by '" + words[0] + "'; sortable properties: "
                        + ODataFilter.listNames(sortable));
            }
            boolean descending = false;
            if (words.length == 2) {
                if (words[1].equalsIgnoreCase("desc")) {
                    descending = true;
                } else if (!words[1].equalsIgnoreCase("asc")) {
                    throw GraphException.badRequest(invalid + "expected 'asc' or 'desc' after '" + words[0] + "', found '"
                            + words[1] + "'");
                }
            }
            if (orderBy.stream().anyMatch(o -> o.property().equals(property))) {
                throw GraphException.badRequest(invalid + "'" + property + "' appears more than once");
            }
            orderBy.add(new OrderBy(property, descending));
        }
        return List.copyOf(orderBy);
    }

    private static List<String> parseSelect(String value) {
        List<String> select = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            if (item.isBlank()) {
                throw GraphException.badRequest("Invalid value '" + value + "' for query option '$select': "
                        + "expected comma-separated property names");
            }
            select.add(item.trim());
        }
        return List.copyOf(select);
    }

    private static List<String> parseExpand(String value, Set<String> expandable) {
        List<String> expand = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String name = item.trim();
            if (name.contains("(")) {
                throw GraphException.badRequest("Query option '$expand' does not support nested options ('" + name + "')");
            }
            String canonical = expandable.stream().filter(p -> p.equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
                    GraphException.badRequest("Invalid value '" + value + "' for query option '$expand': '" + name
                            + "' cannot be expanded; expandable: " + String.join(", ", new java.util.TreeSet<>(expandable))));
            if (!expand.contains(canonical)) {
                expand.add(canonical);
            }
        }
        return List.copyOf(expand);
    }

    private static int decodeSkipToken(String token) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            decoded = "";
        }
        String digits = decoded.startsWith(TOKEN_PREFIX) ? decoded.substring(TOKEN_PREFIX.length()) : "";
        if (!digits.isEmpty() && digits.length() <= 10 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long offset = Long.parseLong(digits);
            if (offset <= Integer.MAX_VALUE) {
                return (int) offset;
            }
        }
        throw GraphException.badRequest("Invalid $skiptoken '" + token
                + "': it was not issued by this server; follow @odata.nextLink as returned");
    }
}
