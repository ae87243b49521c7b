package org.edusync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.edusync.auth.Caller;
import org.edusync.auth.DevIssuer;
import org.edusync.auth.TokenVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./edusync token}, run as the command line runs it, checked by the server's own verifier. */
class TokenCommandTest {
    @TempDir
    Path data;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private Caller verify(String jwt) {
        return new TokenVerifier(DevIssuer.openOrCreate(data), null).verify("Bearer " + jwt);
    }

    @Test
    void token_prints_a_delegated_token_for_the_data_folders_tenant_with_default_scopes() {
        Run run = run("token", "--data", data.toString());

        assertThat(run.exitCode()).isZero();
        Caller caller = verify(run.out());
        assertThat(caller.application()).isFalse();
        assertThat(caller.tenantId()).isEqualTo(DevIssuer.openOrCreate(data).defaultTenantId());
        assertThat(caller.permissions()).containsExactlyInAnyOrder("EduAdministration.ReadWrite", "EduRoster.ReadWrite");
    }

    @Test
    void token_app_prints_an_application_token_with_roles_for_the_given_tenant() {
        Run run = run("token", "--data", data.toString(), "--app", "--tenant", "2f1c8a36-5d44-4f0e-9a39-1d7c2c6a0b11");

        Caller caller = verify(run.out());
        assertThat(caller.application()).isTrue();
        assertThat(caller.tenantId()).isEqualTo("2f1c8a36-5d44-4f0e-9a39-1d7c2c6a0b11");
        assertThat(caller.permissions()).containsExactlyInAnyOrder("EduAdministration.ReadWrite.All", "EduRoster.ReadWrite.All");
    }

    @Test
    void token_scopes_replace_the_default_permissions() {
        Run run = run("token", "--data", data.toString(), "--scopes", "EduAdministration.Read");

        assertThat(verify(run.out()).permissions()).containsExactly("EduAdministration.Read");
    }

    @Test
    void token_refuses_a_non_positive_ttl_with_exit_code_2() {
        Run run = run("token", "--data", data.toString(), "--ttl", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--ttl must be a positive number of seconds");
        assertThat(run.out()).isEmpty();
    }
}
