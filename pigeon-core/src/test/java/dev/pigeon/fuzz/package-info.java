/**
 * Fuzz tests (Jazzer, JUnit integration) for the codec and the composer: the reply decoder, the
 * server's command parser, the dot-stuffing streams, the mailbox parser and the message builder.
 *
 * <p>In an ordinary build each {@code @FuzzTest} runs once per committed input under
 * {@code src/test/resources/dev/pigeon/fuzz/<Class>Inputs/<method>/} (seeds and crash
 * reproducers), so every past finding stays a regression test. {@code ./mvnw -Pfuzz -pl
 * pigeon-core test} fuzzes each target for a bounded time (see the profile in pigeon-core's POM);
 * one target by hand: {@code JAZZER_FUZZ=1 ./mvnw -pl pigeon-core test -Dtest=MailboxFuzzTest
 * -Djazzer.max_duration=5m}.
 *
 * <p>Each target states properties, not just "does not crash": an exception other than the
 * documented one, or a broken invariant (an AssertionError), is a finding.
 */
package dev.pigeon.fuzz;
