package dev.sightline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sightline} command line. */
@Command(
        name = "sightline",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT, // --help and --version on every subcommand too
        version = "sightline 0.1.0",
        description = "Serve and run multimodal models that reason in interleaved latent and text chain-of-thought.",
        subcommands = {
            InitModelCommand.class,
            RunCommand.class,
            BenchCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            ServeCommand.class,
            AskCommand.class
        })
public final class SightlineCli {
    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SightlineCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true); // `--client wait`, as the docs spell it
        // Bad input is a short message and exit code 2, not a stack trace.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof dev.sightline.latent.bundle.BundleException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
