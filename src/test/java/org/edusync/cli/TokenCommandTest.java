package org.edusync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.edusync.auth.Caller;
import org.edusync.auth.DevIssuer;
import org.edusync.auth.TokenVerifier;
import org.edusync.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./edusync token}, run as the command line runs it, checked by the server's own verifier. */
class TokenCommandTest {
    @TempDir
    Path data;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Caller verify(String jwt) {
        return new TokenVerifier(DevIssuer.openOrCreate(data), null).verify("Bearer " + jwt);
    }

    @Test
    void token_prints_a_delegated_token_for_the_data_folders_tenant_with_default_scopes() {
        CliRun run = run("token", "--data", data.toString());

        assertThat(run.exitCode()).isZero();
        Caller caller = verify(run.out().strip());
        assertThat(caller.application()).isFalse();
        assertThat(caller.tenantId()).isEqualTo(DevIssuer.openOrCreate(data).defaultTenantId());
        assertThat(caller.permissions()).containsExactlyInAnyOrder("EduAdministration.ReadWrite", "EduRoster.ReadWrite");
    }

    @Test
    void token_app_prints_an_application_token_with_roles_for_the_given_tenant() {
        CliRun run = run("token", "--data", data.toString(), "--app", "--tenant", "2f1c8a36-5d44-4f0e-9a39-1d7c2c6a0b11");

        Caller caller = verify(run.out().strip());
        assertThat(caller.application()).isTrue();
        assertThat(caller.tenantId()).isEqualTo("2f1c8a36-5d44-4f0e-9a39-1d7c2c6a0b11");
        assertThat(caller.permissions()).containsExactlyInAnyOrder("EduAdministration.ReadWrite.All", "EduRoster.ReadWrite.All");
    }

    @Test
    void token_scopes_replace_the_default_permissions() {
        CliRun run = run("token", "--data", data.toString(), "--scopes", "EduAdministration.Read");

        assertThat(verify(run.out().strip()).permissions()).containsExactly("EduAdministration.Read");
    }

    @Test
    void token_refuses_a_non_positive_ttl_with_exit_code_2() {
        CliRun run = run("token", "--data", data.toString(), "--ttl", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--ttl must be a positive number of seconds");
        assertThat(run.out()).isEmpty();
    }
}
