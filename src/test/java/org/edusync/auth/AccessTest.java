package org.edusync.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.edusync.auth.TestTokens.rejection;

import java.util.Set;
import java.util.stream.Stream;
import org.edusync.http.GraphException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** behaviour.md §2: which permission opens which operation, for delegated and application tokens. */
class AccessTest {

    static Stream<Arguments> granted() {
        return Stream.of(
                Arguments.of(Access.PROFILE_READ, false, "EduAdministration.Read"),
                Arguments.of(Access.PROFILE_READ, false, "EduAdministration.ReadWrite"),
                Arguments.of(Access.PROFILE_READ, true, "EduAdministration.Read.All"),
                Arguments.of(Access.PROFILE_READ, true, "EduAdministration.ReadWrite.All"),
                Arguments.of(Access.PROFILE_ACTION, false, "EduAdministration.ReadWrite"),
                Arguments.of(Access.PROFILE_ACTION, true, "EduAdministration.ReadWrite.All"),
                Arguments.of(Access.PROFILE_MANAGE, false, "EduAdministration.ReadWrite"),
                Arguments.of(Access.DIRECTORY_READ, false, "EduRoster.ReadBasic"),
                Arguments.of(Access.DIRECTORY_READ, false, "EduRoster.Read"),
                Arguments.of(Access.DIRECTORY_READ, false, "EduAdministration.Read"),
                Arguments.of(Access.DIRECTORY_READ, true, "EduRoster.ReadBasic.All"),
                Arguments.of(Access.DIRECTORY_READ, true, "EduAdministration.Read.All"),
                Arguments.of(Access.DIRECTORY_WRITE, false, "EduRoster.ReadWrite"),
                Arguments.of(Access.DIRECTORY_WRITE, true, "EduRoster.ReadWrite.All"),
                Arguments.of(Access.PROFILE_ACTION, false, "eduadministration.readwrite"),
                Arguments.of(Access.DIRECTORY_READ, true, "EDUROSTER.READ.ALL"));
    }

    @ParameterizedTest(name = "{0} granted to application={1} with {2}")
    @MethodSource
    void granted(Access access, boolean application, String permission) {
        Caller caller = new Caller("t", "s", application, Set.of("User.Read", permission));

        assertThatCode(() -> caller.require(access)).doesNotThrowAnyException();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(Access.PROFILE_READ, false, "EduAdministration.Read.All"),
                Arguments.of(Access.PROFILE_READ, false, "EduRoster.ReadWrite"),
                Arguments.of(Access.PROFILE_READ, true, "EduAdministration.ReadWrite"),
                Arguments.of(Access.PROFILE_ACTION, false, "EduAdministration.Read"),
                Arguments.of(Access.PROFILE_ACTION, true, "EduAdministration.Read.All"),
                Arguments.of(Access.PROFILE_ACTION, true, "EduAdministration.ReadWrite"),
                Arguments.of(Access.PROFILE_MANAGE, false, "EduAdministration.Read"),
                Arguments.of(Access.PROFILE_MANAGE, true, "EduAdministration.ReadWrite.All"),
                Arguments.of(Access.PROFILE_MANAGE, true, "EduAdministration.ReadWrite"),
                Arguments.of(Access.DIRECTORY_READ, false, "User.Read"),
                Arguments.of(Access.DIRECTORY_READ, false, "EduRosterX.Read"),
                Arguments.of(Access.DIRECTORY_READ, true, "Directory.Read.All"),
                Arguments.of(Access.DIRECTORY_WRITE, false, "EduRoster.Read"),
                Arguments.of(Access.DIRECTORY_WRITE, false, "EduAdministration.ReadWrite"),
                Arguments.of(Access.DIRECTORY_WRITE, false, "EduRoster.ReadWrite.All"),
                Arguments.of(Access.DIRECTORY_WRITE, true, "EduRoster.ReadWrite"),
                Arguments.of(Access.DIRECTORY_WRITE, true, "EduRoster.Read.All"));
    }

    @ParameterizedTest(name = "{0} refused to application={1} with {2}")
    @MethodSource
    void refused(Access access, boolean application, String permission) {
        Caller caller = new Caller("t", "s", application, Set.of(permission));

        GraphException e = rejection(() -> caller.require(access));

        assertThat(e.status()).isEqualTo(403);
        assertThat(e.code()).isEqualTo("accessDenied");
    }

    @Test
    void refusal_names_the_missing_permissions_and_what_the_token_has() {
        Caller delegated = new Caller("t", "s", false, new java.util.LinkedHashSet<>(java.util.List.of("EduRoster.Read", "User.Read")));
        Caller app = new Caller("t", "s", true, Set.of());

        assertThat(rejection(() -> delegated.require(Access.PROFILE_READ)).getMessage()).isEqualTo(
                "Missing permission: this operation needs the delegated permission (scp) EduAdministration.Read or"
                        + " EduAdministration.ReadWrite; the token has: EduRoster.Read User.Read.");
        assertThat(rejection(() -> app.require(Access.DIRECTORY_WRITE)).getMessage()).isEqualTo(
                "Missing permission: this operation needs the application permission (roles) EduRoster.ReadWrite.All;"
                        + " the token has: none.");
        assertThat(rejection(() -> app.require(Access.DIRECTORY_READ)).getMessage()).contains(
                "any EduRoster.* permission or any EduAdministration.* permission");
    }

    @Test
    void application_tokens_are_refused_for_profile_create_update_delete_whatever_they_hold() {
        Caller app = new Caller("t", "s", true, Set.of("EduAdministration.ReadWrite.All", "EduAdministration.ReadWrite"));

        assertThat(rejection(() -> app.require(Access.PROFILE_MANAGE)).getMessage()).isEqualTo(
                "This operation does not support application permissions; call it with a delegated token that has"
                        + " EduAdministration.ReadWrite.");
    }

    @Test
    void dev_default_tokens_open_every_operation_except_app_profile_management() throws Exception {
        for (Access access : Access.values()) {
            Caller delegated = new Caller("t", "s", false, Set.copyOf(DevIssuer.DEFAULT_DELEGATED_PERMISSIONS));
            assertThatCode(() -> delegated.require(access)).as("delegated " + access).doesNotThrowAnyException();
            Caller app = new Caller("t", "s", true, Set.copyOf(DevIssuer.DEFAULT_APPLICATION_PERMISSIONS));
            if (access != Access.PROFILE_MANAGE) {
                assertThatCode(() -> app.require(access)).as("application " + access).doesNotThrowAnyException();
            }
        }
    }
}
