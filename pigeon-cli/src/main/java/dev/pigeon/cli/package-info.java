/**
 * The {@code pigeon} command line: one picocli command class per subcommand ({@link
 * dev.pigeon.cli.SendCommand}, {@link dev.pigeon.cli.DemoCommand}, {@link dev.pigeon.cli.ServeCommand}),
 * the transcript as a {@link dev.pigeon.client.SessionListener} ({@link dev.pigeon.cli.TranscriptPrinter}),
 * and the documented exit statuses ({@link dev.pigeon.cli.ExitCodes}).
 *
 * <p>The everyday pieces: {@link dev.pigeon.cli.SendmailCommand} (the sendmail command line for
 * git, cron and mutt), accounts from a configuration file through the {@link
 * dev.pigeon.cli.AccountOptions} mixin (command-line options win over the account), {@code --json}
 * through {@link dev.pigeon.cli.JsonOutput} (a {@link dev.pigeon.cli.SessionRecorder} listener and
 * {@link dev.pigeon.cli.SendReport}), and {@link dev.pigeon.cli.CompletionCommand} and {@link
 * dev.pigeon.cli.ManCommand}, both generated from the command tree.
 *
 * <p>{@link dev.pigeon.cli.Main#run} runs a command line in-process against given streams and
 * returns the exit status; only {@link dev.pigeon.cli.Main#main} calls {@code System.exit}. Every
 * failure is one line on standard error, {@code pigeon: <what happened>}, never a stack trace; every
 * byte that came from a peer is escaped before it is printed.
 */
package dev.pigeon.cli;
