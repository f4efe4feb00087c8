package dev.pigeon.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.CommandParser;
import dev.pigeon.protocol.CommandParser.Result;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CommandParser} (server side) against arbitrary command lines.
 *
 * <p>Properties: any line gives a {@link Result.Parsed} or a {@link Result.Invalid}, never an
 * exception; a refusal is a 5xx reply; a parsed command's own line carries no CR, LF or NUL, and
 * parses back to the same command (what the server understood is what a client would send).
 */
class CommandParserFuzzTest {

    @BeforeAll
    static void replayOnlyWhenNotFuzzing() {
        RegressionMode.withoutHooksUnlessFuzzing();
    }

    /** The input is the line's wire bytes, which the server decodes as UTF-8. */
    @FuzzTest
    void parse(byte[] input) {
        String line = FuzzInput.utf8(input);

        Result result = CommandParser.parse(line);

        assertThat(result).isNotNull();
        switch (result) {
            case Result.Invalid invalid -> assertThat(invalid.reply().code()).isBetween(500, 599);
            case Result.Parsed parsed -> checkParsed(parsed.command());
        }
    }

    private static void checkParsed(Command command) {
        String again = command.line();
        assertThat(again).doesNotContain("\r", "\n", "\0");
        Result reparsed = CommandParser.parse(again);
        assertThat(reparsed).as("re-parsing %s", again).isEqualTo(new Result.Parsed(command));
    }
}
