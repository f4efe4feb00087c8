package dev.pigeon.cli;

import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.client.SessionListener;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --json}: one JSON object on standard output when the send ends ({@link SendReport}), and
 * nothing else there. The transcript is then off, unless {@code --show} is given explicitly, in
 * which case it goes to standard error. Error lines still go to standard error. Errors found before
 * any connection (usage, bad input) print no JSON: the exit status and standard error say it.
 */
final class JsonOutput {
    @Option(names = "--json", description = "Print one JSON object with the result on standard output (replies,"
            + " enhanced codes, queue id, TLS, timings) instead of the transcript; --show ALL sends the"
            + " transcript to standard error.")
    boolean enabled;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private final SessionRecorder recorder = new SessionRecorder();
    private SendResult result;
    private SessionException failure;

    /** The transcript printer: as asked without --json; with it, on standard error and only if --show was given. */
    TranscriptPrinter transcript(Io io, Show show, boolean showData) {
        if (!enabled) {
            return new TranscriptPrinter(io.out(), show, showData, io.colour());
        }
        boolean asked = mixee != null && mixee.commandLine() != null && mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption("--show");
        return new TranscriptPrinter(io.err(), asked ? show : Show.NONE, showData, false);
    }

    /** The session's listener: the transcript, and with --json the recorder too. */
    SessionListener listener(SessionListener transcript) {
        return enabled ? SessionListener.of(List.of(transcript, recorder)) : transcript;
    }

    void result(SendResult r) {
        result = r;
    }

    void failure(SessionException e) {
        failure = e;
    }

    /** With --json, prints the report as one line on {@code out}. */
    void print(PrintStream out, String server, int port, SendVerdict verdict) {
        if (enabled) {
            out.println(Json.write(SendReport.of(server, port, result, failure, verdict, recorder)));
            out.flush();
        }
    }
}
