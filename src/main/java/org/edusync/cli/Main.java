package org.edusync.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./edusync}: the command line of behaviour.md §1. */
@Command(name = "edusync",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Self-hosted School Data Sync server, compatible with Graph beta /education/synchronizationProfiles.",
        subcommands = {ServeCommand.class, TokenCommand.class, ValidateCommand.class, GenerateCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"edusync " + (version == null ? "(development build)" : version)};
        }
    }
}
