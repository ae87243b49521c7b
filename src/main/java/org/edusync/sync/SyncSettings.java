package org.edusync.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.edusync.source.sdsv1.SdsField;

/**
 * What a run of a profile applies, in the engine's terms (the profile package translates its definition).
 *
 * @param identityCreation      true: edusync creates the accounts; false: it matches existing ones
 * @param domains               under creation, the UPN domain of each role ({@code student}, {@code teacher})
 * @param matching              under matching, the rule of each role
 * @param licences              under creation, the SKU ids each role's accounts get
 * @param optionalFields        per entity ({@code school}, {@code section}, {@code student}, {@code teacher}), the
 *                              optional columns written; an absent entity means all of them
 * @param keepDisplayNames      the entities whose existing objects keep their display name ({@code allowDisplayNameUpdate} false)
 * @param enrollmentsFrom       student enrollments are held back until this instant; null when not deferred
 * @param replaceSpecialCharacters replace characters a UPN or mailNickname cannot hold instead of failing the record
 */
public record SyncSettings(boolean identityCreation, Map<String, String> domains, Map<String, MatchRule> matching,
                           Map<String, List<String>> licences, Map<String, Set<SdsField>> optionalFields, Set<String> keepDisplayNames,
                           Instant enrollmentsFrom, boolean replaceSpecialCharacters) {
    /** One identity matching option: the CSV column, the directory property, and the domain appended, if any. */
    public record MatchRule(String sourceColumn, String targetProperty, String targetDomain) {
    }

    public boolean writes(String entity, SdsField field) {
        Set<SdsField> fields = optionalFields.get(entity);
        return fields == null || fields.contains(field);
    }

    /** A fingerprint of everything that changes what a record writes: part of every record's hash. */
    String fingerprint() {
        return identityCreation + "|" + domains + "|" + matching + "|" + licences + "|" + optionalFields + "|" + replaceSpecialCharacters;
    }

    /** A fingerprint of every setting that changes what a run does with the same files: the record's and the run's. */
    String runFingerprint() {
        return fingerprint() + "|" + new TreeSet<>(keepDisplayNames) + "|" + enrollmentsFrom;
    }
}
