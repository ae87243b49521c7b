package org.edusync.generate;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names, usernames and passwords of generated teachers and students. Names come from a row's hash; usernames
 * are first initial + family name, folded to the characters a UPN local part allows, with a number from the
 * second holder on ({@code JSmith}, {@code JSmith2}), unique across teachers and students ignoring case.
 */
final class People {
    private static final String PASSWORD_SYMBOLS = "!#$%&*";

    private final String[] first;
    private final String[] last;
    /** the folded first letter of each given name, as a username starts */
    private final char[] initial;
    /** each family name folded for a username */
    private final String[] lastFolded;
    /** family names that fold to the same letters ignoring case (Müller, Muller) share a key */
    private final int[] lastKey;
    private final int lastKeys;
    /** holders so far, per (initial, family-name key) */
    private final int[] holders;

    People() {
        this.first = NameLists.FIRST.toArray(String[]::new);
        this.last = NameLists.LAST.toArray(String[]::new);
        this.initial = new char[first.length];
        for (int i = 0; i < first.length; i++) {
            String folded = fold(first[i]);
            char c = folded.isEmpty() ? 'X' : Character.toUpperCase(folded.charAt(0));
            if (c < 'A' || c > 'Z') {
                throw new IllegalStateException("The given name " + first[i] + " does not start with a letter after folding");
            }
            initial[i] = c;
        }
        this.lastFolded = new String[last.length];
        this.lastKey = new int[last.length];
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < last.length; i++) {
            lastFolded[i] = fold(last[i]);
            lastKey[i] = keys.computeIfAbsent(lastFolded[i].toLowerCase(java.util.Locale.ROOT), k -> keys.size());
        }
        this.lastKeys = keys.size();
        this.holders = new int[26 * lastKeys];
    }

    String firstName(long hash) {
        return first[firstIndex(hash)];
    }

    String middleName(long hash) {
        return first[SeededHash.pick(hash, 2, first.length)];
    }

    String lastName(long hash) {
        return last[lastIndex(hash)];
    }

    private int firstIndex(long hash) {
        return SeededHash.pick(hash, 1, first.length);
    }

    private int lastIndex(long hash) {
        return SeededHash.pick(hash, 3, last.length);
    }

    /** The next free username for the person whose row hash is {@code hash}; call once per person, in file order. */
    String nextUsername(long hash) {
        int f = firstIndex(hash);
        int l = lastIndex(hash);
        int count = ++holders[(initial[f] - 'A') * lastKeys + lastKey[l]];
        String base = initial[f] + lastFolded[l];
        return count == 1 ? base : base + count;
    }

    /** A readable initial password such as {@code Maple4821!}. */
    static String password(long hash) {
        List<String> words = NameLists.PASSWORD_WORDS;
        return words.get(SeededHash.pick(hash, 20, words.size())) + (1000 + SeededHash.pick(hash, 21, 9000))
                + PASSWORD_SYMBOLS.charAt(SeededHash.pick(hash, 22, PASSWORD_SYMBOLS.length()));
    }

    /**
     * The letters of a name a UPN local part can hold: accents stripped (José → Jose, Nguyễn → Nguyen), letters
     * without a decomposition spelt out (Ł → L, ß → ss), spaces dropped, apostrophes, dots and hyphens kept.
     */
    static String fold(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'' || c == '.' || c == '-' || c == '_') {
                out.append(c);
                continue;
            }
            switch (c) {
                case 'Ł' -> out.append('L');
                case 'ł' -> out.append('l');
                case 'Ø' -> out.append('O');
                case 'ø' -> out.append('o');
                case 'Đ', 'Ð' -> out.append('D');
                case 'đ', 'ð' -> out.append('d');
                case 'ß' -> out.append("ss");
                case 'Æ' -> out.append("Ae");
                case 'æ' -> out.append("ae");
                case 'Œ' -> out.append("Oe");
                case 'œ' -> out.append("oe");
                case 'Þ' -> out.append("Th");
                case 'þ' -> out.append("th");
                case 'ı' -> out.append('i');
                default -> { } // combining marks, spaces and anything else a UPN cannot hold
            }
        }
        return out.toString();
    }
}
