package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.edusync.directory.DirectoryWriter;
import org.edusync.directory.DirectoryWriter.StoredUser;
import org.edusync.directory.EducationUser;
import org.jdbi.v3.core.Jdbi;

/** What both stores' run-write tests check of {@link DirectoryWriter#storedUsers}. */
final class StoredUsersCheck {
    private StoredUsersCheck() {
    }

    /**
     * Stores {@code enabled} and a disabled copy of {@code other} without a mail, and reads them back as stored users
     * (with an id that is not stored): they are the users as written, the same as the users read whole from their JSON.
     */
    static void storedUsersAreTheUsersAsStored(Jdbi jdbi, DirectoryWriter writer, String tenant, EducationUser enabled, EducationUser other) {
        EducationUser disabled = new EducationUser(other.id(), other.userPrincipalName(), other.mailNickname(), null, other.displayName(),
                other.givenName(), other.middleName(), other.surname(), other.primaryRole(), other.externalSource(), false,
                other.licenseSkuIds(), other.student(), other.teacher(), "hash");
        jdbi.useTransaction(handle -> writer.upsertUsers(handle, tenant, List.of(enabled, disabled), Map.of()));
        List<String> ids = List.of(enabled.id(), disabled.id(), "00000000-0000-7000-8000-000000999999");

        Map<String, StoredUser> stored = jdbi.withHandle(handle -> writer.storedUsers(handle, tenant, ids));

        assertThat(stored).containsOnlyKeys(enabled.id(), disabled.id())
                .containsEntry(enabled.id(), StoredUser.of(enabled))
                .containsEntry(disabled.id(), StoredUser.of(disabled));
        assertThat(stored.get(disabled.id()).accountEnabled()).isFalse();
        Map<String, EducationUser> whole = jdbi.withHandle(handle -> writer.users(handle, tenant, ids));
        assertThat(stored.get(enabled.id())).isEqualTo(StoredUser.of(whole.get(enabled.id())));
        assertThat(stored.get(disabled.id())).isEqualTo(StoredUser.of(whole.get(disabled.id())));
    }
}
